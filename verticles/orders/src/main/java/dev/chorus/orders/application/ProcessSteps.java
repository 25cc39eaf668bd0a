package dev.chorus.orders.application;

import dev.chorus.contracts.orders.OrderEvent;
import dev.chorus.orders.domain.Order;
import dev.chorus.orders.domain.OrderCommand;
import dev.chorus.platform.command.Command;
import dev.chorus.platform.command.CommandContext;
import dev.chorus.platform.command.CommandRuntime;
import dev.chorus.platform.eventstore.RecordedEvent;
import dev.chorus.platform.subscription.Effects;
import io.vertx.core.Future;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Reports from other contexts, turned into commands on the order they concern (and announced when final). */
final class ProcessSteps {

  private final CommandRuntime<OrderCommand, OrderEvent, Order> orders;
  private final OrderOutcomes outcomes;

  ProcessSteps(CommandRuntime<OrderCommand, OrderEvent, Order> orders, OrderOutcomes outcomes) {
    this.orders = orders;
    this.outcomes = outcomes;
  }

  Future<Effects> apply(UUID orderId, OrderCommand command, RecordedEvent cause) {
    CommandContext context = new CommandContext(Optional.empty(), "", cause.eventId(), Optional.of(cause.eventId()));
    return orders.prepare(new Command<>(Order.stream(orderId), command, context))
      .map(prepared -> prepared.refused() ? Effects.NONE : Effects.of(List.of(outcomes.announcing(prepared))));
  }
}
