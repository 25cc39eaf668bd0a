package dev.chorus.inventory.application;

import dev.chorus.inventory.web.InventoryRouter;
import dev.chorus.platform.command.CommandEffects;
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

/** The inventory context: products and their stock, reserved for orders, released or sold as orders end. */
public final class InventoryContext implements BoundedContext {

  public static final String NAME = "inventory";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Hosting host(ContextRuntime runtime) {
    var appender = ContextAppenders.groupCommit(runtime, NAME);
    var products = new CommandRuntime<>(runtime.vertx(), runtime.reads(), appender, InventoryTypes.PRODUCT, new ProductWrites(),
      runtime.commandOptions());
    var reservations = new CommandRuntime<>(runtime.vertx(), runtime.reads(), appender, InventoryTypes.RESERVATION, CommandEffects.none(),
      runtime.commandOptions());
    Subscription orders = new Subscription("inventory.orders", "orders", Partitioner.DEFAULT_PARTITIONS,
      OrderStockPolicy.handlers(products, reservations, runtime.reads()));
    ProductService service = new ProductService(products, Clock.systemUTC());
    ProductQueries queries = new ProductQueries(runtime.reads());
    return Hosting.of(() -> Subscriptions.deploy(runtime, NAME, List.of(orders), SubscriptionOptions.defaults()),
      () -> InventoryRouter.create(runtime.vertx(), service, queries));
  }
}
