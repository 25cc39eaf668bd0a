package dev.chorus.shipping.application;

import dev.chorus.contracts.orders.OrderConfirmed;
import dev.chorus.contracts.orders.OrderEvent;
import dev.chorus.contracts.orders.OrderLine;
import dev.chorus.contracts.shipping.ShipmentScheduled;
import dev.chorus.testkit.ContextHarness;
import dev.chorus.testkit.ContextHarness.Appended;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Given a confirmed order in the orders' log, shipping schedules one shipment with the best carrier of its region. */
class ShipmentPolicyIT {

  private static final Map<String, Class<ShipmentScheduled>> SHIPPING = Map.of(ShipmentScheduled.TYPE, ShipmentScheduled.class);

  @RegisterExtension
  final ContextHarness shipping = new ContextHarness(new ShippingContext(), "orders");

  @Test
  @DisplayName("a confirmed order ships with the carrier of its region's best running promotion, in the order's conversation")
  void bestCarrierOfTheRegion() {
    promote("slow-boat", "north", 10);
    promote("fast-van", "north", 25);
    promote("cheap-post", "default", 50);
    UUID order = UUID.randomUUID();
    UUID conversation = UUID.randomUUID();

    UUID confirmation = shipping.publish("orders", OrderEvent.TYPES, "order-" + order, confirmed(order, "north"), conversation);

    Appended<ShipmentScheduled> scheduled = shipping.awaitAppended(SHIPPING, ShipmentScheduled.class, 1).get(0);
    assertThat(scheduled.event().orderId()).isEqualTo(order);
    assertThat(scheduled.event().carrier()).isEqualTo("fast-van");
    assertThat(scheduled.event().region()).isEqualTo("north");
    assertThat(scheduled.correlationId()).isEqualTo(conversation);
    assertThat(scheduled.causationId()).contains(confirmation);
    assertThat(new JsonObject(shipping.get("/shipping/orders/" + order).body()).getString("carrier")).isEqualTo("fast-van");
  }

  @Test
  @DisplayName("without a promotion in its region, the default region's best; without any, the standard carrier")
  void fallbacks() {
    promote("cheap-post", "default", 50);
    UUID south = UUID.randomUUID();
    shipping.publish("orders", OrderEvent.TYPES, "order-" + south, confirmed(south, "south"));
    assertThat(shipping.awaitAppended(SHIPPING, ShipmentScheduled.class, 1).get(0).event().carrier()).isEqualTo("cheap-post");

    try (ContextHarness bare = new ContextHarness(new ShippingContext(), "orders")) {
      UUID order = UUID.randomUUID();
      bare.publish("orders", OrderEvent.TYPES, "order-" + order, confirmed(order, "south"));
      assertThat(bare.awaitAppended(SHIPPING, ShipmentScheduled.class, 1).get(0).event().carrier()).isEqualTo(ShipmentPolicy.STANDARD_CARRIER);
    }
  }

  private void promote(String carrier, String region, int discount) {
    JsonObject promotion = new JsonObject().put("carrier", carrier).put("region", region).put("discountPercent", discount)
      .put("until", Instant.now().plus(1, ChronoUnit.DAYS).toString());
    assertThat(shipping.postJson("/shipping/carrier-promotions", promotion).statusCode()).isEqualTo(201);
  }

  private static OrderConfirmed confirmed(UUID order, String region) {
    return new OrderConfirmed(order, UUID.randomUUID(), List.of(new OrderLine("sku-1", 1, 100)), 100, region, Instant.now());
  }
}
