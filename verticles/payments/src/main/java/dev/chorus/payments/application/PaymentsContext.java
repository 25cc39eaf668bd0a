package dev.chorus.payments.application;

import dev.chorus.payments.web.PaymentsRouter;
import dev.chorus.platform.command.CommandRuntime;
import dev.chorus.platform.context.BoundedContext;
import dev.chorus.platform.context.ContextAppenders;
import dev.chorus.platform.context.ContextRuntime;
import dev.chorus.platform.context.Hosting;
import dev.chorus.platform.eventstore.Partitioner;
import dev.chorus.platform.subscription.Subscription;
import dev.chorus.platform.subscription.SubscriptionOptions;
import dev.chorus.platform.subscription.Subscriptions;

import java.time.Clock;
import java.util.List;

/** The payments context: wallets that pay for orders and refund them. */
public final class PaymentsContext implements BoundedContext {

  public static final String NAME = "payments";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Hosting host(ContextRuntime runtime) {
    var wallets = new CommandRuntime<>(runtime.vertx(), runtime.reads(), ContextAppenders.groupCommit(runtime, NAME), PaymentTypes.WALLET,
      new LedgerWrites(), runtime.commandOptions());
    Subscription orders = new Subscription("payments.orders", "orders", Partitioner.DEFAULT_PARTITIONS,
      OrderPaymentPolicy.handlers(wallets, runtime.reads(), Clock.systemUTC()));
    WalletService service = new WalletService(wallets, Clock.systemUTC());
    WalletQueries queries = new WalletQueries(runtime.reads());
    return Hosting.of(() -> Subscriptions.deploy(runtime, NAME, List.of(orders), SubscriptionOptions.defaults()),
      () -> PaymentsRouter.create(runtime.vertx(), service, queries), PaymentsRouter.ACCESS);
  }
}
