package dev.chorus.bench;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/** Requests that failed — no answer, or a 5xx — counted by cause: the exception, or the status and problem type. */
final class Failures {

  private final Map<String, LongAdder> byCause = new ConcurrentHashMap<>();

  /** Counts {@code response} or {@code failure} when it is a failure; true when it was. */
  boolean record(HttpResponse<String> response, Throwable failure) {
    if (failure == null && response.statusCode() < 500) {
      return false;
    }
    byCause.computeIfAbsent(failure != null ? "no answer: " + rootCause(failure).getClass().getSimpleName() : problem(response),
      cause -> new LongAdder()).increment();
    return true;
  }

  long total() {
    return byCause.values().stream().mapToLong(LongAdder::sum).sum();
  }

  /** "" when none failed; otherwise the count and each cause's share, for a benchmark's line. */
  String describe() {
    long total = total();
    if (total == 0) {
      return "";
    }
    return ", failed requests " + total + " (" + new TreeMap<>(byCause).entrySet().stream()
      .map(e -> e.getKey() + " × " + e.getValue().sum()).collect(Collectors.joining(", ")) + ")";
  }

  private static String problem(HttpResponse<String> response) {
    try {
      String type = new JsonObject(response.body()).getString("type", "");
      return response.statusCode() + (type.isEmpty() ? "" : " " + type.substring(type.lastIndexOf('/') + 1));
    } catch (DecodeException | ClassCastException e) {
      return Integer.toString(response.statusCode());
    }
  }

  private static Throwable rootCause(Throwable failure) {
    Throwable cause = failure;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }
}
