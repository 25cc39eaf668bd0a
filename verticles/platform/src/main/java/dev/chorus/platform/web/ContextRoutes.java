package dev.chorus.platform.web;

import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** Where a context's routes hang off a node's root router: {@code /<context>} and everything under it. */
public final class ContextRoutes {

  private ContextRoutes() {
  }

  /**
   * @param gate runs first for every request to the context (e.g. answers 503 while it starts), then calls next
   */
  public static void mount(Router root, String context, Handler<RoutingContext> gate, Router contextRouter) {
    // "/customers*", not "/customers/*": the collection itself ("/customers") belongs to the context too.
    String mount = "/" + context + "*";
    root.route(mount).handler(gate);
    root.route(mount).subRouter(contextRouter);
  }
}
