package dev.chorus.platform.ops;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /ready}: 200 when every check passes, else 503 naming each failing check and why. */
public final class ReadinessHandler implements Handler<RoutingContext> {

  private final Readiness readiness;

  public ReadinessHandler(Readiness readiness) {
    this.readiness = readiness;
  }

  @Override
  public void handle(RoutingContext rc) {
    readiness.evaluate().onSuccess(evaluation -> rc.response()
      .setStatusCode(Readiness.isReady(evaluation) ? 200 : 503)
      .putHeader("Content-Type", "application/json")
      .putHeader("Cache-Control", "no-store")
      .end(evaluation.encode()));
  }
}
