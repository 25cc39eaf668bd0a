package dev.chorus.contracts.shipping;

import java.time.Instant;
import java.util.UUID;

/** A confirmed order's shipment was scheduled with a carrier. */
public record ShipmentScheduled(UUID orderId, String carrier, String region, Instant at) {

  public static final String TYPE = "shipping.ShipmentScheduled.v1";
}
