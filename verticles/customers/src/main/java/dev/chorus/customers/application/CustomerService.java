package dev.chorus.customers.application;

import dev.chorus.contracts.customers.CustomerEvent;
import dev.chorus.customers.domain.Customer;
import dev.chorus.customers.domain.CustomerCommand;
import dev.chorus.customers.domain.CustomerStreams;
import dev.chorus.customers.domain.CustomerCommand.RegisterCustomer;
import dev.chorus.platform.command.Command;
import dev.chorus.platform.command.CommandContext;
import dev.chorus.platform.command.CommandResult;
import dev.chorus.platform.command.CommandRuntime;
import dev.chorus.platform.decider.Rejection;
import io.vertx.core.Future;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** Registers customers: checks the inviter, then runs the registration command. */
public final class CustomerService {

  static final String UNKNOWN_INVITER = "unknown-inviter";

  private final CommandRuntime<CustomerCommand, CustomerEvent, Customer> commands;
  private final CustomerQueries queries;
  private final Clock clock;

  CustomerService(CommandRuntime<CustomerCommand, CustomerEvent, Customer> commands, CustomerQueries queries, Clock clock) {
    this.commands = commands;
    this.queries = queries;
    this.clock = clock;
  }

  /** @param context the command's id (when the client made it idempotent) and provenance */
  public Future<CommandResult<CustomerEvent>> register(Registration registration, CommandContext context) {
    Future<Boolean> inviterKnown = registration.invitedBy() == null ? Future.succeededFuture(true) : queries.exists(registration.invitedBy());
    return inviterKnown.compose(known -> {
      if (!known) {
        return Future.succeededFuture(new CommandResult.Rejected<>(
          new Rejection(UNKNOWN_INVITER, "no customer " + registration.invitedBy() + " to have invited them")));
      }
      UUID customerId = UUID.randomUUID();
      RegisterCustomer command = new RegisterCustomer(customerId, registration.email(), registration.name(), registration.invitedBy(),
        clock.instant().truncatedTo(ChronoUnit.MICROS));
      return commands.handle(Command.toNewStream(CustomerStreams.of(customerId), command, context));
    });
  }
}
