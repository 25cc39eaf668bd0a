package dev.chorus.contracts.orders;

import java.time.Instant;
import java.util.UUID;

/** Stock or payment failed: the order is final, and whatever was held for it is given back. */
public record OrderRejected(UUID orderId, String reason, Instant at) implements OrderEvent {

  public static final String TYPE = "orders.OrderRejected.v1";
}
