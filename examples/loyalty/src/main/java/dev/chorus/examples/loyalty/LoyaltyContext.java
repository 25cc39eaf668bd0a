package dev.chorus.examples.loyalty;

import dev.chorus.contracts.orders.OrderConfirmed;
import dev.chorus.contracts.orders.OrderEvent;
import dev.chorus.examples.loyalty.OrderPoints.PointsEarned;
import dev.chorus.platform.command.AggregateType;
import dev.chorus.platform.command.CommandRuntime;
import dev.chorus.platform.command.SnapshotPolicy;
import dev.chorus.platform.context.BoundedContext;
import dev.chorus.platform.context.ContextAppenders;
import dev.chorus.platform.context.ContextRuntime;
import dev.chorus.platform.context.Hosting;
import dev.chorus.platform.events.EventTypes;
import dev.chorus.platform.eventstore.Partitioner;
import dev.chorus.platform.subscription.Effects;
import dev.chorus.platform.subscription.EventHandlers;
import dev.chorus.platform.subscription.Subscription;
import dev.chorus.platform.subscription.SubscriptionOptions;
import dev.chorus.platform.subscription.Subscriptions;

import java.util.List;

/** Loyalty points: every confirmed order earns its customer a point per full 100 minor units of its total. */
public final class LoyaltyContext implements BoundedContext {

  static final String NAME = "loyalty";
  static final EventTypes<PointsEarned> EVENTS = EventTypes.<PointsEarned>builder().add(PointsEarned.TYPE, PointsEarned.class).build();
  private static final EventTypes<OrderEvent> ORDERS = EventTypes.<OrderEvent>builder().addAll(OrderEvent.TYPES).build();
  private static final AggregateType<OrderPoints.Earn, PointsEarned, Boolean> ORDER_POINTS =
    new AggregateType<>(new OrderPoints(), EVENTS, SnapshotPolicy.never(Boolean.class));

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Hosting host(ContextRuntime runtime) {
    var points = new CommandRuntime<>(runtime.vertx(), runtime.reads(), ContextAppenders.groupCommit(runtime, NAME), ORDER_POINTS,
      Balances.WRITES, runtime.commandOptions());
    EventHandlers<OrderEvent> handlers = EventHandlers.following(ORDERS)
      .on(OrderConfirmed.class, (confirmed, cause) -> points.prepare(cause.command(OrderPoints.stream(confirmed.orderId()),
          new OrderPoints.Earn(confirmed.customerId(), confirmed.orderId(), confirmed.total())))
        .map(prepared -> Effects.of(List.of(prepared))))
      .build();
    Subscription orders = new Subscription("loyalty.orders", "orders", Partitioner.DEFAULT_PARTITIONS, handlers);
    Balances balances = new Balances(runtime.reads());
    return Hosting.of(() -> Subscriptions.deploy(runtime, NAME, List.of(orders), SubscriptionOptions.defaults()),
      () -> balances.routes(runtime.vertx()), Balances.ACCESS);
  }
}
