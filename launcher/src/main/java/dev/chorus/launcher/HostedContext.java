package dev.chorus.launcher;

import dev.chorus.platform.context.BoundedContext;
import dev.chorus.platform.context.ContextRuntime;
import dev.chorus.platform.context.Hosting;
import dev.chorus.platform.web.Problem;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** A context this node hosts, with its runtime and whether it has started taking requests. */
final class HostedContext {

  private final String name;
  private final ContextRuntime runtime;
  private final Hosting hosting;
  private volatile boolean started;

  HostedContext(BoundedContext context, ContextRuntime runtime) {
    this.name = context.name();
    this.runtime = runtime;
    this.hosting = context.host(runtime);
  }

  String name() {
    return name;
  }

  ContextRuntime runtime() {
    return runtime;
  }

  Hosting hosting() {
    return hosting;
  }

  boolean started() {
    return started;
  }

  Future<Void> start() {
    return hosting.start().onSuccess(v -> started = true);
  }

  /** Answers 503 until the context has started, so that no request reaches it half-ready. */
  Handler<RoutingContext> gate() {
    return rc -> {
      if (started) {
        rc.next();
      } else {
        rc.response().putHeader("Retry-After", "1");
        Problem.unavailable("context-starting", "the " + name() + " context is starting on this node; retry shortly").send(rc);
      }
    };
  }
}
