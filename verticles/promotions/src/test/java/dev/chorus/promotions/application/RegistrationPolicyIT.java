package dev.chorus.promotions.application;

import dev.chorus.contracts.customers.CustomerEvent;
import dev.chorus.contracts.customers.CustomerRegistered;
import dev.chorus.contracts.promotions.CouponIssued;
import dev.chorus.contracts.promotions.PointsAwarded;
import dev.chorus.contracts.promotions.PromotionEvent;
import dev.chorus.platform.eventstore.Partitioner;
import dev.chorus.promotions.domain.PromotionsDecider;
import dev.chorus.testkit.ContextHarness;
import dev.chorus.testkit.ContextHarness.Appended;
import dev.chorus.testkit.Poll;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Given a customer's registration in the customers' log, promotions issues a coupon and rewards the inviter. */
class RegistrationPolicyIT {

  private static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");

  @RegisterExtension
  final ContextHarness promotions = new ContextHarness(new PromotionsContext(), "customers");

  @Test
  @DisplayName("a registration with an inviter: a welcome coupon for the customer and points for the inviter, in its conversation")
  void couponAndPoints() {
    UUID inviter = UUID.randomUUID();
    UUID customer = UUID.randomUUID();
    UUID conversation = UUID.randomUUID();

    UUID registration = promotions.publish("customers", CustomerEvent.TYPES, "customer-" + customer,
      new CustomerRegistered(customer, "ann@example.com", "Ann", inviter, NOW), conversation);

    Appended<CouponIssued> coupon = promotions.awaitAppended(PromotionEvent.TYPES, CouponIssued.class, 1).get(0);
    Appended<PointsAwarded> points = promotions.awaitAppended(PromotionEvent.TYPES, PointsAwarded.class, 1).get(0);
    assertThat(coupon.event().customerId()).isEqualTo(customer);
    assertThat(coupon.event().kind()).isEqualTo(PromotionsDecider.WELCOME);
    assertThat(coupon.event().amount()).isEqualTo(PromotionsDecider.WELCOME_AMOUNT);
    assertThat(points.event()).isEqualTo(new PointsAwarded(inviter, customer, PromotionsDecider.POINTS_PER_INVITEE, NOW));
    for (Appended<?> effect : new Appended<?>[] {coupon, points}) {
      assertThat(effect.correlationId()).isEqualTo(conversation);
      assertThat(effect.causationId()).contains(registration);
    }
    Poll.until(Duration.ofSeconds(30), () -> new JsonArray(promotions.get("/promotions/customers/" + customer + "/coupons").body()).size() == 1,
      () -> "the coupon never reached the read model");
    JsonObject balance = new JsonObject(promotions.get("/promotions/customers/" + inviter + "/points").body());
    assertThat(balance.getLong("balance")).isEqualTo(PromotionsDecider.POINTS_PER_INVITEE);
  }

  @Test
  @DisplayName("the same registration published twice (a producer's retry is a new event) earns one coupon; no inviter, no points")
  void oneCouponPerCustomer() {
    UUID customer = UUID.randomUUID();
    CustomerRegistered registered = new CustomerRegistered(customer, "bob@example.com", "Bob", null, NOW);

    UUID later = customerInTheSamePartition(customer);

    promotions.publish("customers", CustomerEvent.TYPES, "customer-" + customer, registered);
    promotions.publish("customers", CustomerEvent.TYPES, "customer-" + customer, registered);
    promotions.publish("customers", CustomerEvent.TYPES, "customer-" + later, new CustomerRegistered(later, "c@example.com", "C", null, NOW));

    // The later customer's coupon means the partition was read past both copies (a partition is read in order).
    assertThat(promotions.awaitAppended(PromotionEvent.TYPES, CouponIssued.class, 2))
      .extracting(coupon -> coupon.event().customerId()).containsExactlyInAnyOrder(customer, later);
    assertThat(promotions.db.count("select count(*) from events where type = 'promotions.PointsAwarded.v1'")).isZero();
  }

  private static UUID customerInTheSamePartition(UUID customer) {
    Partitioner partitioner = new Partitioner(Partitioner.DEFAULT_PARTITIONS);
    UUID other;
    do {
      other = UUID.randomUUID();
    } while (partitioner.partitionOf("customer-" + other) != partitioner.partitionOf("customer-" + customer));
    return other;
  }
}
