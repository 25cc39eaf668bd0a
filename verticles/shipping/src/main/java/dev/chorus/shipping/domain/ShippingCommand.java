package dev.chorus.shipping.domain;

import java.time.Instant;
import java.util.UUID;

/** What shipping is asked to do. */
public sealed interface ShippingCommand {

  record AddCarrierPromotion(UUID id, String carrier, String region, int discountPercent, Instant until) implements ShippingCommand {
  }

  record ScheduleShipment(UUID orderId, UUID customerId, String carrier, String region, Instant at) implements ShippingCommand {
  }
}
