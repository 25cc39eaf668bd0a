package dev.chorus.launcher;

import dev.chorus.platform.trace.Tracing;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * {@code --otel-endpoint URL}: spans of HTTP requests and event-bus messages (Vert.x's OpenTelemetry tracing), of
 * appends and of event handling, exported over OTLP/HTTP to {@code URL/v1/traces} in batches, at least every second.
 */
final class TraceExport {

  private static final Duration EXPORT_DELAY = Duration.ofSeconds(1);

  private TraceExport() {
  }

  /** Registers the node's OpenTelemetry and turns spans on; they are flushed when the JVM exits. */
  static OpenTelemetrySdk start(URI endpoint, String contexts) {
    SdkTracerProvider spans = SdkTracerProvider.builder()
      .setResource(Resource.getDefault().merge(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "chorus",
        AttributeKey.stringKey("chorus.contexts"), contexts))))
      .addSpanProcessor(BatchSpanProcessor.builder(OtlpHttpSpanExporter.builder().setEndpoint(tracesUrl(endpoint)).build())
        .setScheduleDelay(EXPORT_DELAY).build())
      .build();
    OpenTelemetrySdk sdk = OpenTelemetrySdk.builder().setTracerProvider(spans)
      .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
      .buildAndRegisterGlobal();
    Tracing.enable();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> spans.shutdown().join(5, TimeUnit.SECONDS), "chorus-trace-flush"));
    return sdk;
  }

  /** {@code http://collector:4318} is the collector's base; a URL naming {@code /v1/traces} already is kept. */
  static String tracesUrl(URI endpoint) {
    String url = endpoint.toString().replaceAll("/+$", "");
    return url.endsWith("/v1/traces") ? url : url + "/v1/traces";
  }
}
