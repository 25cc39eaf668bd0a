package dev.chorus.payments.application;

import dev.chorus.contracts.orders.OrderCancelled;
import dev.chorus.contracts.orders.OrderEvent;
import dev.chorus.contracts.orders.OrderRejected;
import dev.chorus.contracts.orders.PaymentRequested;
import dev.chorus.contracts.payments.PaymentEvent;
import dev.chorus.payments.domain.Wallet;
import dev.chorus.payments.domain.WalletCommand;
import dev.chorus.platform.command.Command;
import dev.chorus.platform.command.CommandContext;
import dev.chorus.platform.command.CommandRuntime;
import dev.chorus.platform.eventstore.RecordedEvent;
import dev.chorus.platform.subscription.Effects;
import dev.chorus.platform.subscription.SubscriptionHandler;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Pays for orders whose stock is reserved; refunds orders that end rejected or cancelled after being paid. */
final class OrderPaymentPolicy implements SubscriptionHandler {

  private static final String PAYER = "select customer_id from order_payments where order_id = $1";

  private final CommandRuntime<WalletCommand, PaymentEvent, Wallet> wallets;
  private final SqlClient reads;
  private final Clock clock;

  OrderPaymentPolicy(CommandRuntime<WalletCommand, PaymentEvent, Wallet> wallets, SqlClient reads, Clock clock) {
    this.wallets = wallets;
    this.reads = reads;
    this.clock = clock;
  }

  @Override
  public Future<Effects> prepare(RecordedEvent event) {
    if (!PaymentTypes.ORDERS.knows(event.type())) {
      return Future.succeededFuture(Effects.NONE);
    }
    OrderEvent order = PaymentTypes.ORDERS.decode(event.type(), event.payload());
    CommandContext context = new CommandContext(Optional.empty(), "", event.eventId(), Optional.of(event.eventId()));
    if (order instanceof PaymentRequested requested) {
      return command(requested.customerId(), new WalletCommand.Capture(requested.customerId(), requested.orderId(), requested.amount(),
        clock.instant()), context);
    }
    if (order instanceof OrderRejected || order instanceof OrderCancelled) {
      return reads.preparedQuery(PAYER).execute(Tuple.of(order.orderId())).compose(rows -> {
        if (rows.size() == 0) {
          return Future.succeededFuture(Effects.NONE);
        }
        UUID customer = rows.iterator().next().getUUID(0);
        return command(customer, new WalletCommand.Refund(customer, order.orderId(), clock.instant()), context);
      });
    }
    return Future.succeededFuture(Effects.NONE);
  }

  private Future<Effects> command(UUID customer, WalletCommand command, CommandContext context) {
    return wallets.prepare(new Command<>(Wallet.stream(customer), command, context)).map(prepared -> Effects.of(List.of(prepared)));
  }
}
