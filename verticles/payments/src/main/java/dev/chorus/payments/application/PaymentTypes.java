package dev.chorus.payments.application;

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
import dev.chorus.payments.domain.Wallet;
import dev.chorus.payments.domain.WalletCommand;
import dev.chorus.payments.domain.WalletDecider;
import dev.chorus.platform.command.AggregateType;
import dev.chorus.platform.command.SnapshotPolicy;
import dev.chorus.platform.events.EventTypes;

/** The event types payments writes and reads. */
final class PaymentTypes {

  static final EventTypes<PaymentEvent> EVENTS = EventTypes.<PaymentEvent>builder()
    .add(Deposited.TYPE, Deposited.class)
    .add(PaymentCaptured.TYPE, PaymentCaptured.class)
    .add(PaymentDeclined.TYPE, PaymentDeclined.class)
    .add(PaymentRefunded.TYPE, PaymentRefunded.class)
    .build();

  static final EventTypes<OrderEvent> ORDERS = EventTypes.<OrderEvent>builder()
    .add(OrderPlaced.TYPE, OrderPlaced.class)
    .add(PaymentRequested.TYPE, PaymentRequested.class)
    .add(OrderConfirmed.TYPE, OrderConfirmed.class)
    .add(OrderRejected.TYPE, OrderRejected.class)
    .add(OrderCancelled.TYPE, OrderCancelled.class)
    .build();

  /** A wallet pays many orders: snapshot it every 200 events. */
  static final AggregateType<WalletCommand, PaymentEvent, Wallet> WALLET =
    new AggregateType<>(new WalletDecider(), EVENTS, new SnapshotPolicy<>(Wallet.class, "wallet.v1", 200));

  private PaymentTypes() {
  }
}
