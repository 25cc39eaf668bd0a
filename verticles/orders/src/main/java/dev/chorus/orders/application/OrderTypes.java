package dev.chorus.orders.application;

import dev.chorus.contracts.inventory.InventoryEvent;
import dev.chorus.contracts.inventory.StockEvent;
import dev.chorus.contracts.orders.OrderEvent;
import dev.chorus.contracts.payments.PaymentEvent;
import dev.chorus.contracts.prices.PriceChanged;
import dev.chorus.orders.domain.Order;
import dev.chorus.orders.domain.OrderCommand;
import dev.chorus.orders.domain.OrderDecider;
import dev.chorus.platform.command.AggregateType;
import dev.chorus.platform.command.SnapshotPolicy;
import dev.chorus.platform.events.EventTypes;

/** The event types orders writes and reads. */
final class OrderTypes {

  static final EventTypes<OrderEvent> EVENTS = EventTypes.<OrderEvent>builder()
    .addAll(OrderEvent.TYPES)
    .build();

  static final EventTypes<InventoryEvent> INVENTORY = EventTypes.<InventoryEvent>builder()
    .addAll(StockEvent.TYPES)
    .addAll(InventoryEvent.RESERVATION_TYPES)
    .build();

  static final EventTypes<PaymentEvent> PAYMENTS = EventTypes.<PaymentEvent>builder()
    .addAll(PaymentEvent.TYPES)
    .build();

  static final EventTypes<PriceChanged> PRICES = EventTypes.<PriceChanged>builder()
    .add(PriceChanged.TYPE, PriceChanged.class)
    .build();

  static final AggregateType<OrderCommand, OrderEvent, Order> ORDER =
    new AggregateType<>(new OrderDecider(), EVENTS, SnapshotPolicy.never(Order.class));

  private OrderTypes() {
  }
}
