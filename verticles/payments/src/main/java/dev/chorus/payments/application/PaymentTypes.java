package dev.chorus.payments.application;

import dev.chorus.contracts.orders.OrderEvent;
import dev.chorus.contracts.payments.PaymentEvent;
import dev.chorus.payments.domain.Wallet;
import dev.chorus.payments.domain.WalletCommand;
import dev.chorus.payments.domain.WalletDecider;
import dev.chorus.platform.command.AggregateType;
import dev.chorus.platform.command.SnapshotPolicy;
import dev.chorus.platform.events.EventTypes;

/** The event types payments writes and reads. */
final class PaymentTypes {

  static final EventTypes<PaymentEvent> EVENTS = EventTypes.<PaymentEvent>builder()
    .addAll(PaymentEvent.TYPES)
    .build();

  static final EventTypes<OrderEvent> ORDERS = EventTypes.<OrderEvent>builder()
    .addAll(OrderEvent.TYPES)
    .build();

  /** A wallet pays many orders: snapshot it every 200 events. */
  static final AggregateType<WalletCommand, PaymentEvent, Wallet> WALLET =
    new AggregateType<>(new WalletDecider(), EVENTS, new SnapshotPolicy<>(Wallet.class, "wallet.v1", 200));

  private PaymentTypes() {
  }
}
