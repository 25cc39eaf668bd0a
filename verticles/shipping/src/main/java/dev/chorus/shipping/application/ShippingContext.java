package dev.chorus.shipping.application;

import dev.chorus.platform.command.CommandRuntime;
import dev.chorus.platform.context.BoundedContext;
import dev.chorus.platform.context.ContextAppenders;
import dev.chorus.platform.context.ContextRuntime;
import dev.chorus.platform.context.Hosting;
import dev.chorus.platform.eventstore.Partitioner;
import dev.chorus.platform.subscription.Subscription;
import dev.chorus.platform.subscription.SubscriptionOptions;
import dev.chorus.platform.subscription.Subscriptions;
import dev.chorus.shipping.web.ShippingRouter;

import java.time.Clock;
import java.util.List;

/** The shipping context: carrier promotions, and one shipment per confirmed order. */
public final class ShippingContext implements BoundedContext {

  public static final String NAME = "shipping";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Hosting host(ContextRuntime runtime) {
    var shipping = new CommandRuntime<>(runtime.vertx(), runtime.reads(), ContextAppenders.groupCommit(runtime, NAME), ShippingTypes.SHIPPING,
      new ShippingWrites(), runtime.commandOptions());
    Subscription orders = new Subscription("shipping.orders", "orders", Partitioner.DEFAULT_PARTITIONS,
      ShipmentPolicy.handlers(shipping, runtime.reads(), Clock.systemUTC()));
    CarrierPromotionService promotions = new CarrierPromotionService(shipping);
    return Hosting.of(() -> Subscriptions.deploy(runtime, NAME, List.of(orders), SubscriptionOptions.defaults()),
      () -> ShippingRouter.create(runtime.vertx(), promotions, runtime.reads()), ShippingRouter.ACCESS);
  }
}
