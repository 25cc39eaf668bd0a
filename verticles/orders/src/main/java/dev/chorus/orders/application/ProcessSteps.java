package dev.chorus.orders.application;

import dev.chorus.contracts.orders.OrderEvent;
import dev.chorus.orders.domain.Order;
import dev.chorus.orders.domain.OrderCommand;
import dev.chorus.platform.command.CommandRuntime;
import dev.chorus.platform.subscription.Cause;
import dev.chorus.platform.subscription.Effects;
import io.vertx.core.Future;

import java.util.List;
import java.util.UUID;

/** Reports from other contexts, turned into commands on the order they concern (and announced when final). */
final class ProcessSteps {

  private final CommandRuntime<OrderCommand, OrderEvent, Order> orders;
  private final OrderOutcomes outcomes;

  ProcessSteps(CommandRuntime<OrderCommand, OrderEvent, Order> orders, OrderOutcomes outcomes) {
    this.orders = orders;
    this.outcomes = outcomes;
  }

  Future<Effects> apply(UUID orderId, OrderCommand command, Cause cause) {
    return orders.prepare(cause.command(Order.stream(orderId), command))
      .map(prepared -> prepared.refused() ? Effects.NONE : Effects.of(List.of(outcomes.announcing(prepared))));
  }
}
