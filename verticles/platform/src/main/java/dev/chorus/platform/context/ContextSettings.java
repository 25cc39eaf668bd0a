package dev.chorus.platform.context;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * The settings a node was given for one context ({@code --set <context>.<key>=<value>}), read by the context
 * through typed accessors that name the offending setting when a value is malformed.
 *
 * @param context the context's name
 * @param values  key → value as given
 */
public record ContextSettings(String context, Map<String, String> values) {

  public ContextSettings {
    values = Map.copyOf(values);
  }

  public static ContextSettings none(String context) {
    return new ContextSettings(context, Map.of());
  }

  /**
   * A positive ISO-8601 duration such as {@code PT30S}, or {@code fallback} when not set.
   *
   * @throws IllegalArgumentException naming the setting, when the value is not one
   */
  public Duration duration(String key, Duration fallback) {
    String value = values.get(key);
    if (value == null) {
      return fallback;
    }
    try {
      Duration duration = Duration.parse(value.trim());
      if (!duration.isNegative() && !duration.isZero()) {
        return duration;
      }
    } catch (DateTimeParseException ignored) {
      // reported below
    }
    throw new IllegalArgumentException(context + "." + key + ": '" + value + "' is not a positive ISO-8601 duration (e.g. PT30S, PT2M)");
  }
}
