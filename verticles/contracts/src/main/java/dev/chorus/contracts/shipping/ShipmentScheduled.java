package dev.chorus.contracts.shipping;

import java.time.Instant;
import java.util.UUID;

/**
 * A confirmed order's shipment was scheduled with a carrier.
 *
 * @param customerId whose order it is; absent (null) from shipments scheduled before it was recorded
 */
public record ShipmentScheduled(UUID orderId, UUID customerId, String carrier, String region, Instant at) {

  public static final String TYPE = "shipping.ShipmentScheduled.v1";
}
