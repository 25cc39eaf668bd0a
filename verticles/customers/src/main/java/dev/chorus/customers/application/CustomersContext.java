package dev.chorus.customers.application;

import dev.chorus.customers.web.CustomersRouter;
import dev.chorus.platform.command.CommandRuntime;
import dev.chorus.platform.context.BoundedContext;
import dev.chorus.platform.context.ContextAppenders;
import dev.chorus.platform.context.ContextRuntime;
import dev.chorus.platform.context.Hosting;
import io.vertx.core.Future;

import java.time.Clock;

/** The customers context: registration and the customer directory. */
public final class CustomersContext implements BoundedContext {

  public static final String NAME = "customers";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Hosting host(ContextRuntime runtime) {
    var commands = new CommandRuntime<>(runtime.vertx(), runtime.reads(), ContextAppenders.groupCommit(runtime, NAME), CustomerTypes.CUSTOMER, new DirectoryWrites(),
      runtime.commandOptions());
    CustomerQueries queries = new CustomerQueries(runtime.reads());
    CustomerService service = new CustomerService(commands, queries, Clock.systemUTC());
    return Hosting.of(Future::succeededFuture,
      () -> CustomersRouter.create(runtime.vertx(), service, queries), CustomersRouter.ACCESS);
  }
}
