package dev.chorus.shipping.domain;

import dev.chorus.contracts.shipping.ShipmentScheduled;
import dev.chorus.testkit.DeciderSpec;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.UUID;

class ShippingDeciderTest {

  private static final Instant NOW = Instant.parse("2026-11-22T09:00:00Z");
  private static final UUID ORDER = UUID.fromString("0b6f3a4e-8a51-4b3c-9d2e-5f6a7b8c9d01");
  private static final UUID CUSTOMER = UUID.fromString("7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f");
  private static final UUID PROMOTION = UUID.fromString("9e8d7c6b-5a49-4382-9170-6f5e4d3c2b01");

  @Test
  @DisplayName("an order is shipped once, whatever carrier a second request names")
  void shipsOnce() {
    DeciderSpec.of(new ShippingDecider()).when(new ShippingCommand.ScheduleShipment(ORDER, CUSTOMER, "fast", "north", NOW))
      .then(new ShipmentScheduled(ORDER, CUSTOMER, "fast", "north", NOW));
    DeciderSpec.of(new ShippingDecider()).given(new ShipmentScheduled(ORDER, CUSTOMER, "fast", "north", NOW))
      .when(new ShippingCommand.ScheduleShipment(ORDER, CUSTOMER, "slow", "north", NOW)).thenNothing();
  }

  @Test
  @DisplayName("a carrier promotion is recorded once")
  void promotionOnce() {
    CarrierPromotionAdded added = new CarrierPromotionAdded(PROMOTION, "fast", "north", 15, NOW);
    DeciderSpec.of(new ShippingDecider()).when(new ShippingCommand.AddCarrierPromotion(PROMOTION, "fast", "north", 15, NOW)).then(added);
    DeciderSpec.of(new ShippingDecider()).given(added)
      .when(new ShippingCommand.AddCarrierPromotion(PROMOTION, "fast", "north", 15, NOW)).thenNothing();
  }
}
