package dev.chorus.platform.web;

import dev.chorus.platform.trace.Tracing;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The conversation a request starts or continues: the trace id of its W3C {@code traceparent} header (or of the span the
 * node recorded for it, when it exports traces), or a new id.
 * Every event its command causes, in every context, carries it as correlation id; the answer names it in
 * {@code X-Correlation-Id}.
 */
public final class Conversation {

  public static final String HEADER = "X-Correlation-Id";
  private static final String KEY = "chorus.correlation";
  /** {@code version-traceid-parentid-flags}; a trace id of zeros is invalid (W3C Trace Context, 3.2.2.3). */
  private static final Pattern TRACEPARENT = Pattern.compile("[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}(-.*)?");
  private static final String ZEROS = "0".repeat(32);

  private Conversation() {
  }

  /** Establishes each request's conversation and names it in the answer; the node runs it before any route. */
  public static Handler<RoutingContext> handler() {
    return rc -> {
      UUID correlation = traceId(rc.request().getHeader("traceparent"))
        .or(() -> Tracing.current().flatMap(Conversation::traceId))
        .orElseGet(UUID::randomUUID);
      rc.put(KEY, correlation);
      rc.response().putHeader(HEADER, correlation.toString());
      rc.next();
    };
  }

  /** The request's conversation; a new one when no handler established it. */
  public static UUID of(RoutingContext rc) {
    UUID correlation = rc.get(KEY);
    return correlation != null ? correlation : UUID.randomUUID();
  }

  /** The trace id of a {@code traceparent} header as a UUID; empty when there is none or it is malformed. */
  public static Optional<UUID> traceId(String traceparent) {
    if (traceparent == null) {
      return Optional.empty();
    }
    Matcher matcher = TRACEPARENT.matcher(traceparent.trim());
    if (!matcher.matches() || matcher.group(1).equals(ZEROS) || traceparent.startsWith("ff")) {
      return Optional.empty();
    }
    return Optional.of(fromHex(matcher.group(1)));
  }

  /** A conversation named either way: a UUID, or the 32 hex digits of a trace id. */
  public static Optional<UUID> parse(String id) {
    String text = id.trim().toLowerCase(java.util.Locale.ROOT);
    if (text.matches("[0-9a-f]{32}")) {
      return Optional.of(fromHex(text));
    }
    try {
      return Optional.of(UUID.fromString(text));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static UUID fromHex(String hex) {
    return new UUID(Long.parseUnsignedLong(hex.substring(0, 16), 16), Long.parseUnsignedLong(hex.substring(16), 16));
  }
}
