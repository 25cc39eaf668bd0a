package dev.chorus.promotions.application;

import dev.chorus.contracts.promotions.CouponIssued;
import dev.chorus.contracts.promotions.PointsAwarded;
import dev.chorus.contracts.promotions.PromotionEvent;
import dev.chorus.testkit.ContextHarness;
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

/** Given promotions' own events, its read models answer the coupons and points queries. */
class PromotionViewsIT {

  private static final Instant AT = Instant.parse("2026-12-05T10:00:00Z");

  @RegisterExtension
  final ContextHarness promotions = new ContextHarness(new PromotionsContext());

  @Test
  @DisplayName("coupons and points in the log are what the queries answer, entries in order and the balance summed")
  void couponsAndPoints() {
    UUID customer = UUID.randomUUID();
    UUID firstInvitee = UUID.randomUUID();
    UUID secondInvitee = UUID.randomUUID();

    promotions.publish(PromotionsContext.NAME, PromotionEvent.TYPES, "promotions-" + customer,
      new CouponIssued(customer, "WELCOME-1", "WELCOME", 500, AT));
    promotions.publish(PromotionsContext.NAME, PromotionEvent.TYPES, "promotions-reward-1",
      new PointsAwarded(customer, firstInvitee, 100, AT.plusSeconds(1)));
    promotions.publish(PromotionsContext.NAME, PromotionEvent.TYPES, "promotions-reward-2",
      new PointsAwarded(customer, secondInvitee, 100, AT.plusSeconds(2)));

    Poll.until(Duration.ofSeconds(30), () -> points(customer).getLong("balance") == 200, () -> "points: " + points(customer));
    assertThat(points(customer).getJsonArray("entries")).extracting(entry -> ((JsonObject) entry).getString("invitee"))
      .containsExactly(firstInvitee.toString(), secondInvitee.toString());
    JsonArray coupons = new JsonArray(promotions.get("/promotions/customers/" + customer + "/coupons").body());
    assertThat(coupons).hasSize(1);
    assertThat(coupons.getJsonObject(0).getString("code")).isEqualTo("WELCOME-1");
    assertThat(coupons.getJsonObject(0).getLong("amount")).isEqualTo(500);
  }

  private JsonObject points(UUID customer) {
    return new JsonObject(promotions.get("/promotions/customers/" + customer + "/points").body());
  }
}
