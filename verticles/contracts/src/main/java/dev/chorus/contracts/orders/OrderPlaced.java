package dev.chorus.contracts.orders;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A customer placed an order; the order's total is the sum of its lines at the prices placed. */
public record OrderPlaced(UUID orderId, UUID customerId, List<OrderLine> lines, long total, String region, Instant placedAt)
  implements OrderEvent {

  public static final String TYPE = "orders.OrderPlaced.v1";
}
