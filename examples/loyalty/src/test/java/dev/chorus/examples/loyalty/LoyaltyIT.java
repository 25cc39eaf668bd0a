package dev.chorus.examples.loyalty;

import dev.chorus.contracts.orders.OrderConfirmed;
import dev.chorus.contracts.orders.OrderEvent;
import dev.chorus.contracts.orders.OrderLine;
import dev.chorus.examples.loyalty.OrderPoints.PointsEarned;
import dev.chorus.testkit.ContextHarness;
import dev.chorus.testkit.ContextHarness.Appended;
import dev.chorus.testkit.Poll;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Given confirmed orders in the orders' log, loyalty earns their customers points, once per order. */
class LoyaltyIT {

  private static final Map<String, Class<PointsEarned>> LOYALTY = Map.of(PointsEarned.TYPE, PointsEarned.class);

  @RegisterExtension
  final ContextHarness loyalty = new ContextHarness(new LoyaltyContext(), "orders");

  @Test
  @DisplayName("confirmed orders earn points, in the order's conversation; reported twice, an order earns once")
  void pointsPerConfirmedOrder() {
    UUID customer = UUID.randomUUID();
    UUID first = UUID.randomUUID();
    UUID conversation = UUID.randomUUID();

    UUID confirmation = loyalty.publish("orders", OrderEvent.TYPES, "order-" + first, confirmed(first, customer, 1_250), conversation);
    loyalty.publish("orders", OrderEvent.TYPES, "order-" + first, confirmed(first, customer, 1_250));
    UUID second = UUID.randomUUID();   // on the same stream: once it has earned, the copy before it was read too
    loyalty.publish("orders", OrderEvent.TYPES, "order-" + first, confirmed(second, customer, 399));

    List<Appended<PointsEarned>> earned = loyalty.awaitAppended(LOYALTY, PointsEarned.class, 2);
    assertThat(earned).extracting(Appended::event)
      .containsExactly(new PointsEarned(customer, first, 12), new PointsEarned(customer, second, 3));
    assertThat(earned.get(0).correlationId()).isEqualTo(conversation);
    assertThat(earned.get(0).causationId()).contains(confirmation);
    Poll.until(Duration.ofSeconds(10), () -> points(customer) == 15, () -> "the balance is " + points(customer) + ", not 15");
    assertThat(points(UUID.randomUUID())).isZero();
  }

  @Test
  @DisplayName("a customer id that is not a UUID is a 400 problem")
  void badCustomerId() {
    assertThat(loyalty.get("/loyalty/customers/nobody").statusCode()).isEqualTo(400);
  }

  private long points(UUID customer) {
    return new JsonObject(loyalty.get("/loyalty/customers/" + customer).body()).getLong("points");
  }

  private static OrderConfirmed confirmed(UUID order, UUID customer, long total) {
    return new OrderConfirmed(order, customer, List.of(new OrderLine("tea", 1, total)), total, "north", Instant.now());
  }
}
