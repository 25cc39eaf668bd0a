package dev.chorus.launcher;

import dev.chorus.platform.context.BoundedContext;
import dev.chorus.platform.context.ContextRuntime;
import dev.chorus.platform.context.Hosting;
import dev.chorus.platform.web.Problem;
import dev.chorus.platform.web.RequestBounds;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;

/** A context this node hosts, with its runtime, whether its database is reached and whether it has started taking requests. */
final class HostedContext {

  /** Requests to one context that a node holds at once: with bodies of at most 64 KiB, 64 MiB at the most. */
  static final int MAX_REQUESTS_IN_PROGRESS = 1_000;
  /** How long a request may take, beyond the wait it asked for with {@code Prefer: wait}. */
  static final Duration REQUEST_TIME_LIMIT = Duration.ofSeconds(10);

  private final String name;
  private final ContextRuntime runtime;
  private final Hosting hosting;
  private final DatabaseReachability database;
  private final RequestBounds bounds = new RequestBounds(MAX_REQUESTS_IN_PROGRESS, REQUEST_TIME_LIMIT);
  private volatile boolean started;

  HostedContext(BoundedContext context, ContextRuntime runtime, DatabaseReachability database) {
    this.name = context.name();
    this.runtime = runtime;
    this.database = database;
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

  /** Whether the database that holds this context is reached: its requests' failures tell it. */
  DatabaseReachability database() {
    return database;
  }

  /**
   * Answers 503 until the context has started, so that no request reaches it half-ready, and while its database is out
   * of reach; otherwise holds every request within the context's {@link RequestBounds}.
   */
  Handler<RoutingContext> gate() {
    return rc -> {
      if (!started) {
        rc.response().putHeader("Retry-After", "1");
        Problem.unavailable("context-starting", "the " + name() + " context is starting on this node; retry shortly").send(rc);
      } else if (database.unreachable().isPresent()) {
        database.refuse(rc);
      } else {
        database.requested();
        bounds.handle(rc);
      }
    };
  }
}
