package dev.chorus.platform.ops;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.PrometheusScrapingHandler;

/** The root endpoints every node answers: liveness, readiness, membership and metrics. */
public final class OpsRoutes {

  private OpsRoutes() {
  }

  public static void mount(Router router, ClusterDirectory directory, Readiness readiness,
                           PrometheusMeterRegistry registry) {
    router.get("/health").handler(rc -> rc.response()
      .putHeader("Content-Type", "application/json")
      .putHeader("Cache-Control", "no-store")
      .end(new JsonObject().put("status", "UP").put("nodeId", directory.localNodeId()).encode()));
    router.get("/ready").handler(new ReadinessHandler(readiness));
    router.get("/cluster").handler(new ClusterHandler(directory));
    router.get("/metrics").handler(PrometheusScrapingHandler.create(registry));
  }
}
