package dev.chorus.orders.domain;

import dev.chorus.contracts.orders.OrderCancelled;
import dev.chorus.contracts.orders.OrderConfirmed;
import dev.chorus.contracts.orders.OrderEvent;
import dev.chorus.contracts.orders.OrderLine;
import dev.chorus.contracts.orders.OrderPlaced;
import dev.chorus.contracts.orders.OrderRejected;
import dev.chorus.contracts.orders.PaymentRequested;
import dev.chorus.platform.decider.Decider;
import dev.chorus.platform.decider.Decision;

import java.util.List;

/**
 * An order's process manager: placed → stock reserved (payment requested) → confirmed; any failure rejects it,
 * the deadline cancels it. Once final, nothing more happens to it; reports that come late are answered with
 * nothing (the other contexts compensate on the final event).
 */
public final class OrderDecider implements Decider<OrderCommand, OrderEvent, Order> {

  @Override
  public Order initialState() {
    return Order.NONE;
  }

  @Override
  public Decision<OrderEvent> decide(OrderCommand command, Order order) {
    if (command instanceof OrderCommand.Place place) {
      if (order.status() != Order.Status.NEW) {
        return Decision.accept();
      }
      return Decision.accept(new OrderPlaced(place.orderId(), place.customerId(), place.lines(), total(place.lines()), place.region(),
        place.at()));
    }
    if (order.status() == Order.Status.NEW) {
      return Decision.reject("unknown-order", "no such order");
    }
    if (order.status().isFinal()) {
      return Decision.accept();
    }
    if (command instanceof OrderCommand.StockReserved) {
      return order.status() == Order.Status.PENDING
        ? Decision.accept(new PaymentRequested(order.id(), order.customerId(), order.total()))
        : Decision.accept();
    }
    if (command instanceof OrderCommand.PaymentCaptured captured) {
      return order.status() == Order.Status.AWAITING_PAYMENT
        ? Decision.accept(new OrderConfirmed(order.id(), order.customerId(), order.lines(), order.total(), order.region(), captured.at()))
        : Decision.accept();
    }
    if (command instanceof OrderCommand.StockRejected rejected) {
      return Decision.accept(new OrderRejected(order.id(), rejected.reason(), rejected.at()));
    }
    if (command instanceof OrderCommand.PaymentDeclined declined) {
      return Decision.accept(new OrderRejected(order.id(), declined.reason(), declined.at()));
    }
    if (command instanceof OrderCommand.Cancel cancel) {
      return Decision.accept(new OrderCancelled(order.id(), cancel.reason(), cancel.at()));
    }
    throw new IllegalArgumentException("an order command this decider does not know: " + command);
  }

  @Override
  public Order evolve(Order order, OrderEvent event) {
    if (event instanceof OrderPlaced placed) {
      return new Order(placed.orderId(), placed.customerId(), placed.lines(), placed.total(), placed.region(), Order.Status.PENDING);
    }
    if (event instanceof PaymentRequested) {
      return order.with(Order.Status.AWAITING_PAYMENT);
    }
    if (event instanceof OrderConfirmed) {
      return order.with(Order.Status.CONFIRMED);
    }
    if (event instanceof OrderRejected) {
      return order.with(Order.Status.REJECTED);
    }
    if (event instanceof OrderCancelled) {
      return order.with(Order.Status.CANCELLED);
    }
    throw new IllegalArgumentException("an order event this decider does not know: " + event);
  }

  /** The total of lines: quantity times unit price, summed. */
  public static long total(List<OrderLine> lines) {
    return lines.stream().mapToLong(line -> line.quantity() * line.unitPrice()).sum();
  }
}
