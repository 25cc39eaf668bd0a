package dev.chorus.inventory.application;

import dev.chorus.contracts.inventory.InventoryEvent;
import dev.chorus.contracts.inventory.StockReservationFailed;
import dev.chorus.contracts.inventory.OrderStockReserved;
import dev.chorus.contracts.inventory.ProductAdded;
import dev.chorus.contracts.inventory.ProductRestocked;
import dev.chorus.contracts.inventory.StockCommitted;
import dev.chorus.contracts.inventory.StockEvent;
import dev.chorus.contracts.inventory.StockReleased;
import dev.chorus.contracts.inventory.StockReserved;
import dev.chorus.contracts.orders.OrderCancelled;
import dev.chorus.contracts.orders.OrderConfirmed;
import dev.chorus.contracts.orders.OrderEvent;
import dev.chorus.contracts.orders.OrderPlaced;
import dev.chorus.contracts.orders.OrderRejected;
import dev.chorus.contracts.orders.PaymentRequested;
import dev.chorus.inventory.domain.Product;
import dev.chorus.inventory.domain.ProductCommand;
import dev.chorus.inventory.domain.ProductDecider;
import dev.chorus.inventory.domain.Reservation;
import dev.chorus.platform.command.AggregateType;
import dev.chorus.platform.command.SnapshotPolicy;
import dev.chorus.platform.events.EventTypes;

/** The event types inventory writes and reads. */
final class InventoryTypes {

  static final EventTypes<StockEvent> STOCK = EventTypes.<StockEvent>builder()
    .add(ProductAdded.TYPE, ProductAdded.class)
    .add(ProductRestocked.TYPE, ProductRestocked.class)
    .add(StockReserved.TYPE, StockReserved.class)
    .add(StockReleased.TYPE, StockReleased.class)
    .add(StockCommitted.TYPE, StockCommitted.class)
    .build();

  static final EventTypes<InventoryEvent> RESERVATIONS = EventTypes.<InventoryEvent>builder()
    .add(OrderStockReserved.TYPE, OrderStockReserved.class)
    .add(StockReservationFailed.TYPE, StockReservationFailed.class)
    .build();

  /** What inventory understands of the orders' published language. */
  static final EventTypes<OrderEvent> ORDERS = EventTypes.<OrderEvent>builder()
    .add(OrderPlaced.TYPE, OrderPlaced.class)
    .add(PaymentRequested.TYPE, PaymentRequested.class)
    .add(OrderConfirmed.TYPE, OrderConfirmed.class)
    .add(OrderRejected.TYPE, OrderRejected.class)
    .add(OrderCancelled.TYPE, OrderCancelled.class)
    .build();

  /** A busy product's stream grows with every order: snapshot it every 200 events. */
  static final AggregateType<ProductCommand, StockEvent, Product> PRODUCT =
    new AggregateType<>(new ProductDecider(), STOCK, new SnapshotPolicy<>(Product.class, "product.v1", 200));

  static final AggregateType<Reservation.Command, InventoryEvent, Reservation.Outcome> RESERVATION =
    new AggregateType<>(new Reservation(), RESERVATIONS, SnapshotPolicy.never(Reservation.Outcome.class));

  private InventoryTypes() {
  }
}
