package dev.chorus.platform.ops;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Whether this node can take work: every named check must pass. Each check gets a short deadline, so that a
 * hung dependency reads as "not ready" rather than as a hung probe.
 */
public final class Readiness {

  private static final long CHECK_TIMEOUT_MS = 2_000;

  private final Map<String, ReadinessCheck> checks;

  public Readiness(Map<String, ReadinessCheck> checks) {
    this.checks = new LinkedHashMap<>(checks);
  }

  /** {@code {"status": "READY"|"NOT_READY", "checks": {name: "UP"|reason}}}; never fails. */
  public Future<JsonObject> evaluate() {
    List<String> names = new ArrayList<>(checks.keySet());
    List<Future<Void>> results = names.stream().map(name -> run(checks.get(name))).toList();
    return Future.join(results).transform(ignored -> {
      JsonObject detail = new JsonObject();
      boolean ready = true;
      for (int i = 0; i < names.size(); i++) {
        Future<Void> result = results.get(i);
        ready &= result.succeeded();
        detail.put(names.get(i), result.succeeded() ? "UP" : String.valueOf(result.cause().getMessage()));
      }
      return Future.succeededFuture(new JsonObject().put("status", ready ? "READY" : "NOT_READY").put("checks", detail));
    });
  }

  public static boolean isReady(JsonObject evaluation) {
    return "READY".equals(evaluation.getString("status"));
  }

  private static Future<Void> run(ReadinessCheck check) {
    try {
      return check.check().timeout(CHECK_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }
}
