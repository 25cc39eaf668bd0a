package dev.chorus.platform.trace;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.vertx.core.Future;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Spans of appends and of event handling, exported when the node exports traces ({@code --otel-endpoint}); otherwise
 * nothing is made, recorded or written. A span's W3C {@code traceparent} travels in the metadata of the events it
 * appends, so that the handling of an event in another context — on another node — continues its trace.
 */
public final class Tracing {

  /** The key of an event's metadata that names the span that appended it. */
  public static final String TRACEPARENT = "traceparent";
  private static final TextMapGetter<String> TRACEPARENT_ONLY = new TextMapGetter<>() {
    @Override
    public Iterable<String> keys(String carrier) {
      return List.of(TRACEPARENT);
    }

    @Override
    public String get(String carrier, String key) {
      return TRACEPARENT.equals(key) ? carrier : null;
    }
  };

  private static volatile boolean enabled;

  private Tracing() {
  }

  /** Spans are made from now on, by the OpenTelemetry the node registered globally. */
  public static void enable() {
    enabled = true;
  }

  public static boolean enabled() {
    return enabled;
  }

  /** The current span's {@code traceparent} (an HTTP request's); empty when none is recorded. */
  public static Optional<String> current() {
    return enabled ? traceParent(Span.current()) : Optional.empty();
  }

  /**
   * A span for {@code name}, continuing {@code parent} (a {@code traceparent}, looked up only when spans are made); an
   * invalid span when tracing is off.
   */
  public static Span start(String name, SpanKind kind, Supplier<Optional<String>> parent) {
    if (!enabled) {
      return Span.getInvalid();
    }
    Context context = parent.get().map(p -> W3CTraceContextPropagator.getInstance().extract(Context.root(), p, TRACEPARENT_ONLY))
      .orElse(Context.root());
    return GlobalOpenTelemetry.getTracer("dev.chorus").spanBuilder(name).setSpanKind(kind).setParent(context).startSpan();
  }

  /** {@code work}, ending {@code span} when it completes; unchanged when the span records nothing (tracing off). */
  public static <T> Future<T> endWhenDone(Span span, Future<T> work) {
    return span.getSpanContext().isValid() ? work.onComplete(done -> end(span, done.cause())) : work;
  }

  /** Ends {@code span}, failed when {@code failure} is not null. */
  public static void end(Span span, Throwable failure) {
    if (failure != null) {
      span.setStatus(StatusCode.ERROR, String.valueOf(failure.getMessage()));
    }
    span.end();
  }

  /** A span's {@code traceparent}, when it is a valid one. */
  public static Optional<String> traceParent(Span span) {
    SpanContext context = span.getSpanContext();
    return context.isValid()
      ? Optional.of("00-" + context.getTraceId() + "-" + context.getSpanId() + "-" + context.getTraceFlags().asHex())
      : Optional.empty();
  }
}
