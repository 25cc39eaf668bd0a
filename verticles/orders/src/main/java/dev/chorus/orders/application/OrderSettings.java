package dev.chorus.orders.application;

import dev.chorus.platform.context.ContextSettings;

import java.time.Duration;
import java.util.Map;

/**
 * The orders context's settings.
 *
 * @param deadline how long an order may take to become final before it is cancelled
 */
record OrderSettings(Duration deadline) {

  static final Map<String, String> KEYS = Map.of(
    "deadline", "how long an order may stay pending before it is cancelled, ISO-8601 (default PT30S)");
  static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(30);

  static OrderSettings from(ContextSettings settings) {
    return new OrderSettings(settings.duration("deadline", DEFAULT_DEADLINE));
  }
}
