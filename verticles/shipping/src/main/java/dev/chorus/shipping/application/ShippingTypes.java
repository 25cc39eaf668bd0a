package dev.chorus.shipping.application;

import dev.chorus.contracts.orders.OrderConfirmed;
import dev.chorus.contracts.shipping.ShipmentScheduled;
import dev.chorus.platform.command.AggregateType;
import dev.chorus.platform.command.SnapshotPolicy;
import dev.chorus.platform.events.EventTypes;
import dev.chorus.shipping.domain.CarrierPromotionAdded;
import dev.chorus.shipping.domain.ShippingCommand;
import dev.chorus.shipping.domain.ShippingDecider;

/** The event types shipping writes and reads. */
final class ShippingTypes {

  static final EventTypes<Record> EVENTS = EventTypes.<Record>builder()
    .add(CarrierPromotionAdded.TYPE, CarrierPromotionAdded.class)
    .add(ShipmentScheduled.TYPE, ShipmentScheduled.class)
    .build();

  static final EventTypes<OrderConfirmed> ORDERS = EventTypes.<OrderConfirmed>builder()
    .add(OrderConfirmed.TYPE, OrderConfirmed.class)
    .build();

  static final AggregateType<ShippingCommand, Record, Boolean> SHIPPING =
    new AggregateType<>(new ShippingDecider(), EVENTS, SnapshotPolicy.never(Boolean.class));

  private ShippingTypes() {
  }
}
