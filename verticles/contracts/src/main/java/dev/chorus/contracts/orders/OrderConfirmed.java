package dev.chorus.contracts.orders;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Stock reserved and payment captured: the order is final and will be shipped. */
public record OrderConfirmed(UUID orderId, UUID customerId, List<OrderLine> lines, long total, String region, Instant at)
  implements OrderEvent {

  public static final String TYPE = "orders.OrderConfirmed.v1";
}
