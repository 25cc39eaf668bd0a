package dev.chorus.contracts.orders;

import java.time.Instant;
import java.util.UUID;

/** The order was not final by its deadline: it is final now, and whatever was held for it is given back. */
public record OrderCancelled(UUID orderId, String reason, Instant at) implements OrderEvent {

  public static final String TYPE = "orders.OrderCancelled.v1";
}
