package dev.chorus.customers.web;

import dev.chorus.customers.application.CustomerQueries;
import dev.chorus.platform.web.JsonInput;
import dev.chorus.platform.web.Problem;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.util.UUID;

/** {@code GET /customers/{id}}: the customer, 404 if unknown, 400 if the id is not a UUID. */
final class GetCustomerRoute implements Handler<RoutingContext> {

  private final CustomerQueries queries;

  GetCustomerRoute(CustomerQueries queries) {
    this.queries = queries;
  }

  @Override
  public void handle(RoutingContext rc) {
    UUID id = JsonInput.uuid("id", rc.pathParam("id"));
    queries.find(id)
      .onSuccess(found -> found.ifPresentOrElse(
        customer -> rc.response().putHeader("Content-Type", "application/json").end(CustomerJson.of(customer).encode()),
        () -> Problem.notFound("no customer " + id).send(rc)))
      .onFailure(rc::fail);
  }
}
