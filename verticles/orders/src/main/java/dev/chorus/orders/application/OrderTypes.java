package dev.chorus.orders.application;

import dev.chorus.contracts.inventory.InventoryEvent;
import dev.chorus.contracts.inventory.StockReservationFailed;
import dev.chorus.contracts.inventory.OrderStockReserved;
import dev.chorus.contracts.inventory.ProductAdded;
import dev.chorus.contracts.inventory.ProductRestocked;
import dev.chorus.contracts.inventory.StockCommitted;
import dev.chorus.contracts.inventory.StockReleased;
import dev.chorus.contracts.inventory.StockReserved;
import dev.chorus.contracts.orders.OrderCancelled;
import dev.chorus.contracts.orders.OrderConfirmed;
import dev.chorus.contracts.orders.OrderEvent;
import dev.chorus.contracts.orders.OrderPlaced;
import dev.chorus.contracts.orders.OrderRejected;
import dev.chorus.contracts.orders.PaymentRequested;
import dev.chorus.contracts.payments.Deposited;
import dev.chorus.contracts.payments.PaymentCaptured;
import dev.chorus.contracts.payments.PaymentDeclined;
import dev.chorus.contracts.payments.PaymentEvent;
import dev.chorus.contracts.payments.PaymentRefunded;
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
    .add(OrderPlaced.TYPE, OrderPlaced.class)
    .add(PaymentRequested.TYPE, PaymentRequested.class)
    .add(OrderConfirmed.TYPE, OrderConfirmed.class)
    .add(OrderRejected.TYPE, OrderRejected.class)
    .add(OrderCancelled.TYPE, OrderCancelled.class)
    .build();

  static final EventTypes<InventoryEvent> INVENTORY = EventTypes.<InventoryEvent>builder()
    .add(ProductAdded.TYPE, ProductAdded.class)
    .add(ProductRestocked.TYPE, ProductRestocked.class)
    .add(StockReserved.TYPE, StockReserved.class)
    .add(StockReleased.TYPE, StockReleased.class)
    .add(StockCommitted.TYPE, StockCommitted.class)
    .add(OrderStockReserved.TYPE, OrderStockReserved.class)
    .add(StockReservationFailed.TYPE, StockReservationFailed.class)
    .build();

  static final EventTypes<PaymentEvent> PAYMENTS = EventTypes.<PaymentEvent>builder()
    .add(Deposited.TYPE, Deposited.class)
    .add(PaymentCaptured.TYPE, PaymentCaptured.class)
    .add(PaymentDeclined.TYPE, PaymentDeclined.class)
    .add(PaymentRefunded.TYPE, PaymentRefunded.class)
    .build();

  static final EventTypes<PriceChanged> PRICES = EventTypes.<PriceChanged>builder()
    .add(PriceChanged.TYPE, PriceChanged.class)
    .build();

  static final AggregateType<OrderCommand, OrderEvent, Order> ORDER =
    new AggregateType<>(new OrderDecider(), EVENTS, SnapshotPolicy.never(Order.class));

  private OrderTypes() {
  }
}
