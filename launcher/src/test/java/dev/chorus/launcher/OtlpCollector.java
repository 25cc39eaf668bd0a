package dev.chorus.launcher;

import com.google.protobuf.InvalidProtocolBufferException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An OTLP/HTTP collector on the loopback interface: it takes the protobuf {@code ExportTraceServiceRequest}s posted to
 * {@code /v1/traces} and keeps their spans, each with the {@code chorus.contexts} of the node that exported it.
 */
final class OtlpCollector implements AutoCloseable {

  /**
   * A span as exported: ids in hex, the parent's empty for a span that starts its trace; its kind as OTLP names it less
   * its prefix ({@code SERVER}, {@code INTERNAL}, ...).
   */
  record ExportedSpan(String contexts, String traceId, String spanId, String parentSpanId, String name, String kind) {

    @Override
    public String toString() {
      return "'" + name + "' " + kind + " from " + contexts + " (trace " + traceId + ", span " + spanId + ", parent "
        + (parentSpanId.isEmpty() ? "none" : parentSpanId) + ")";
    }
  }

  private final HttpServer server;
  private final List<ExportedSpan> spans = new CopyOnWriteArrayList<>();
  private final List<String> refused = new CopyOnWriteArrayList<>();

  private OtlpCollector(HttpServer server) {
    this.server = server;
  }

  static OtlpCollector start() {
    try {
      OtlpCollector collector = new OtlpCollector(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
      collector.server.createContext("/v1/traces", collector::receive);
      collector.server.start();
      return collector;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The base URL a node exports to ({@code --otel-endpoint}). */
  String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  List<ExportedSpan> spans() {
    return List.copyOf(spans);
  }

  /** Exports that were not OTLP protobuf, each as its content type and the parser's complaint. */
  List<String> refused() {
    return List.copyOf(refused);
  }

  /** The received span {@code span} names as its parent. */
  Optional<ExportedSpan> parent(ExportedSpan span) {
    return spans.stream().filter(s -> s.traceId().equals(span.traceId()) && s.spanId().equals(span.parentSpanId())).findFirst();
  }

  /** Keeps the spans of an export and answers with an empty {@code ExportTraceServiceResponse}: all accepted. */
  private void receive(HttpExchange exchange) throws IOException {
    try {
      ExportTraceServiceRequest.parseFrom(exchange.getRequestBody()).getResourceSpansList().forEach(this::keep);
      exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
      exchange.sendResponseHeaders(200, -1);
    } catch (InvalidProtocolBufferException e) {
      refused.add(exchange.getRequestHeaders().getFirst("Content-Type") + ": " + e.getMessage());
      exchange.sendResponseHeaders(400, -1);
    } finally {
      exchange.close();
    }
  }

  private void keep(ResourceSpans exported) {
    String contexts = exported.getResource().getAttributesList().stream().filter(a -> a.getKey().equals("chorus.contexts"))
      .map(attribute -> attribute.getValue().getStringValue()).findFirst().orElse("");
    for (ScopeSpans scope : exported.getScopeSpansList()) {
      scope.getSpansList().forEach(span -> spans.add(new ExportedSpan(contexts, hex(span.getTraceId().toByteArray()),
        hex(span.getSpanId().toByteArray()), hex(span.getParentSpanId().toByteArray()), span.getName(),
        span.getKind().name().replace("SPAN_KIND_", ""))));
    }
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
