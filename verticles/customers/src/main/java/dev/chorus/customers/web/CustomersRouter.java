package dev.chorus.customers.web;

import io.vertx.core.http.HttpMethod;
import dev.chorus.platform.access.AccessRules;
import dev.chorus.customers.application.CustomerQueries;
import dev.chorus.customers.application.CustomerService;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

/** {@code /customers}: register, and read a customer back. */
public final class CustomersRouter {

  static final long MAX_BODY_BYTES = 64 * 1024;

  /** Anyone signs up; a customer reads itself. */
  public static final AccessRules ACCESS = AccessRules.operatorsOnly()
    .open(HttpMethod.POST, "/")
    .customerInPath(HttpMethod.GET, "/:id", "id");

  private CustomersRouter() {
  }

  public static Router create(Vertx vertx, CustomerService service, CustomerQueries queries) {
    Router router = Router.router(vertx);
    router.post("/")
      .consumes("application/json")
      .handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES))
      .handler(new RegisterCustomerRoute(service));
    router.get("/:id").handler(new GetCustomerRoute(queries));
    return router;
  }
}
