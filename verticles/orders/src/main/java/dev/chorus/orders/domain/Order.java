package dev.chorus.orders.domain;

import dev.chorus.contracts.orders.OrderLine;

import java.util.List;
import java.util.UUID;

/**
 * An order as far as its process needs it.
 *
 * @param status where it stands
 */
public record Order(UUID id, UUID customerId, List<OrderLine> lines, long total, String region, Status status) {

  /** The order's process: placed, stock reserved (payment requested), then one of three ends. */
  public enum Status {
    NEW, PENDING, AWAITING_PAYMENT, CONFIRMED, REJECTED, CANCELLED;

    public boolean isFinal() {
      return this == CONFIRMED || this == REJECTED || this == CANCELLED;
    }
  }

  public static final Order NONE = new Order(null, null, List.of(), 0, null, Status.NEW);

  public Order {
    lines = List.copyOf(lines);
  }

  public static String stream(UUID orderId) {
    return "order-" + orderId;
  }

  Order with(Status next) {
    return new Order(id, customerId, lines, total, region, next);
  }
}
