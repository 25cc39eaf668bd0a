package dev.chorus.platform.web;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds the requests to one context on this node: at most {@code maxInProgress} at once (beyond it, 503 at once),
 * and each answered within {@code timeLimit} plus the wait it asked for ({@link PreferWait}) — else 503, and a
 * command may have been carried out: the client retries it with its Idempotency-Key. With request bodies bounded
 * by each route, the memory that requests can hold on a node is bounded whatever the offered load.
 * One instance serves every HTTP event loop of the node.
 */
public final class RequestBounds implements Handler<RoutingContext> {

  private final int maxInProgress;
  private final Duration timeLimit;
  private final AtomicInteger inProgress = new AtomicInteger();

  public RequestBounds(int maxInProgress, Duration timeLimit) {
    this.maxInProgress = maxInProgress;
    this.timeLimit = timeLimit;
  }

  @Override
  public void handle(RoutingContext rc) {
    if (inProgress.incrementAndGet() > maxInProgress) {
      inProgress.decrementAndGet();
      Problem.overloaded("requests-in-progress", "this node has " + maxInProgress + " requests in progress here; retry shortly").send(rc);
      return;
    }
    long limitMs = timeLimit.toMillis() + PreferWait.seconds(rc) * 1000L;
    long timer = rc.vertx().setTimer(limitMs, id -> {
      if (!rc.response().headWritten()) {
        Problem.unavailable("request-timeout", "the request took longer than " + limitMs + " ms on this node; a command may"
          + " still take effect: retry it with the same Idempotency-Key").send(rc);
      }
    });
    rc.addEndHandler(ended -> {
      rc.vertx().cancelTimer(timer);
      inProgress.decrementAndGet();
    });
    rc.next();
  }

  public int inProgress() {
    return inProgress.get();
  }
}
