package dev.chorus.platform.web;

import dev.chorus.platform.access.AccessRules;
import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** Where a context's routes hang off a node's root router: {@code /<context>} and everything under it. */
public final class ContextRoutes {

  private ContextRoutes() {
  }

  /**
   * @param access who may call which route, checked first
   * @param gate   runs next for every request to the context (e.g. answers 503 while it starts), then calls next
   */
  public static void mount(Router root, String context, AccessRules access, Handler<RoutingContext> gate, Router contextRouter) {
    // "/customers*", not "/customers/*": the collection itself ("/customers") belongs to the context too.
    String mount = "/" + context + "*";
    root.route(mount).handler(access.checkUnder("/" + context));
    root.route(mount).handler(gate);
    root.route(mount).subRouter(contextRouter);
  }
}
