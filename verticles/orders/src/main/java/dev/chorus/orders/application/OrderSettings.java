package dev.chorus.orders.application;

import dev.chorus.platform.context.ContextSettings;

import java.time.Duration;
import java.util.Map;

/**
 * The orders context's settings.
 *
 * @param deadline      how long an order may take to become final before it is cancelled
 * @param targetLatency how long an order placed on a node may expect to take to become final before that node
 *                      sheds new orders (shorter than the deadline)
 */
record OrderSettings(Duration deadline, Duration targetLatency) {

  static final Map<String, String> KEYS = Map.of(
    "deadline", "how long an order may stay pending before it is cancelled, ISO-8601 (default PT30S)",
    "target-latency", "how long orders placed on a node may expect to take to become final; beyond what keeps them"
      + " within it, the node answers new orders 503, ISO-8601, shorter than the deadline (default PT0.25S)");
  static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(30);
  /** What the benchmarks count as sustained (a final p99 under 250 ms); more in flight only adds contention (decision 0033). */
  static final Duration DEFAULT_TARGET_LATENCY = Duration.ofMillis(250);

  static OrderSettings from(ContextSettings settings) {
    Duration deadline = settings.duration("deadline", DEFAULT_DEADLINE);
    Duration target = settings.duration("target-latency", DEFAULT_TARGET_LATENCY);
    if (target.compareTo(deadline) >= 0) {
      throw new IllegalArgumentException(settings.context() + ".target-latency: " + target + " must be shorter than "
        + settings.context() + ".deadline (" + deadline + ")");
    }
    return new OrderSettings(deadline, target);
  }
}
