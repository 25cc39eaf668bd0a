package dev.chorus.pricing.application;

import dev.chorus.contracts.prices.PriceChanged;
import dev.chorus.platform.command.CommandRuntime;
import dev.chorus.platform.context.BoundedContext;
import dev.chorus.platform.context.ContextAppenders;
import dev.chorus.platform.context.ContextRuntime;
import dev.chorus.platform.context.Hosting;
import dev.chorus.platform.eventstore.Partitioner;
import dev.chorus.platform.subscription.Subscription;
import dev.chorus.platform.subscription.SubscriptionOptions;
import dev.chorus.platform.subscription.Subscriptions;
import dev.chorus.pricing.web.PricingRouter;

import java.util.List;
import java.util.Set;

/**
 * The pricing context: dynamic prices from stock levels, published as {@code prices.PriceChanged.v1} for whoever
 * follows prices. Added to a running system without a line changed elsewhere.
 */
public final class PricingContext implements BoundedContext {

  public static final String NAME = "pricing";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Set<String> publishes() {
    return Set.of(PriceChanged.TYPE);
  }

  @Override
  public Hosting host(ContextRuntime runtime) {
    var prices = new CommandRuntime<>(runtime.vertx(), runtime.reads(), ContextAppenders.groupCommit(runtime, NAME), PricingTypes.PRICE,
      new PriceWrites(), runtime.commandOptions());
    Subscription stock = new Subscription("pricing.stock", "inventory", Partitioner.DEFAULT_PARTITIONS, StockPolicy.handlers(prices));
    return Hosting.of(() -> Subscriptions.deploy(runtime, NAME, List.of(stock), SubscriptionOptions.defaults()),
      () -> PricingRouter.create(runtime.vertx(), runtime.reads()), PricingRouter.ACCESS);
  }
}
