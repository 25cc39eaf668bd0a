package dev.chorus.payments.application;

import dev.chorus.contracts.orders.OrderCancelled;
import dev.chorus.contracts.orders.OrderEvent;
import dev.chorus.contracts.orders.OrderRejected;
import dev.chorus.contracts.orders.PaymentRequested;
import dev.chorus.contracts.payments.PaymentEvent;
import dev.chorus.payments.domain.Wallet;
import dev.chorus.payments.domain.WalletCommand;
import dev.chorus.platform.command.CommandRuntime;
import dev.chorus.platform.subscription.Cause;
import dev.chorus.platform.subscription.Effects;
import dev.chorus.platform.subscription.EventHandlers;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

/** Pays for orders whose stock is reserved; refunds orders that end rejected or cancelled after being paid. */
final class OrderPaymentPolicy {

  private static final String PAYER = "select customer_id from order_payments where order_id = $1";

  private final CommandRuntime<WalletCommand, PaymentEvent, Wallet> wallets;
  private final SqlClient reads;
  private final Clock clock;

  private OrderPaymentPolicy(CommandRuntime<WalletCommand, PaymentEvent, Wallet> wallets, SqlClient reads, Clock clock) {
    this.wallets = wallets;
    this.reads = reads;
    this.clock = clock;
  }

  static EventHandlers<OrderEvent> handlers(CommandRuntime<WalletCommand, PaymentEvent, Wallet> wallets, SqlClient reads, Clock clock) {
    OrderPaymentPolicy policy = new OrderPaymentPolicy(wallets, reads, clock);
    return EventHandlers.following(PaymentTypes.ORDERS)
      .on(PaymentRequested.class, policy::requested)
      .on(OrderRejected.class, policy::ended)
      .on(OrderCancelled.class, policy::ended)
      .build();
  }

  private Future<Effects> requested(PaymentRequested requested, Cause cause) {
    return command(requested.customerId(),
      new WalletCommand.Capture(requested.customerId(), requested.orderId(), requested.amount(), clock.instant()), cause);
  }

  /** A refund, if the order was paid (the payer recorded with the payment). */
  private Future<Effects> ended(OrderEvent order, Cause cause) {
    return reads.preparedQuery(PAYER).execute(Tuple.of(order.orderId())).compose(rows -> {
      if (rows.size() == 0) {
        return Future.succeededFuture(Effects.NONE);
      }
      UUID customer = rows.iterator().next().getUUID(0);
      return command(customer, new WalletCommand.Refund(customer, order.orderId(), clock.instant()), cause);
    });
  }

  private Future<Effects> command(UUID customer, WalletCommand command, Cause cause) {
    return wallets.prepare(cause.command(Wallet.stream(customer), command)).map(prepared -> Effects.of(List.of(prepared)));
  }
}
