package dev.chorus.inventory.application;

import dev.chorus.contracts.inventory.InventoryEvent;
import dev.chorus.contracts.inventory.StockEvent;
import dev.chorus.contracts.orders.OrderEvent;
import dev.chorus.inventory.domain.Product;
import dev.chorus.inventory.domain.ProductCommand;
import dev.chorus.inventory.domain.ProductDecider;
import dev.chorus.inventory.domain.ReservationCommand;
import dev.chorus.inventory.domain.ReservationDecider;
import dev.chorus.platform.command.AggregateType;
import dev.chorus.platform.command.SnapshotPolicy;
import dev.chorus.platform.events.EventTypes;

/** The event types inventory writes and reads. */
final class InventoryTypes {

  static final EventTypes<StockEvent> STOCK = EventTypes.<StockEvent>builder()
    .addAll(StockEvent.TYPES)
    .build();

  static final EventTypes<InventoryEvent> RESERVATIONS = EventTypes.<InventoryEvent>builder()
    .addAll(InventoryEvent.RESERVATION_TYPES)
    .build();

  /** What inventory understands of the orders' published language. */
  static final EventTypes<OrderEvent> ORDERS = EventTypes.<OrderEvent>builder()
    .addAll(OrderEvent.TYPES)
    .build();

  /** A busy product's stream grows with every order: snapshot it every 200 events. */
  static final AggregateType<ProductCommand, StockEvent, Product> PRODUCT =
    new AggregateType<>(new ProductDecider(), STOCK, new SnapshotPolicy<>(Product.class, "product.v1", 200));

  static final AggregateType<ReservationCommand, InventoryEvent, ReservationDecider.Outcome> RESERVATION =
    new AggregateType<>(new ReservationDecider(), RESERVATIONS, SnapshotPolicy.never(ReservationDecider.Outcome.class));

  private InventoryTypes() {
  }
}
