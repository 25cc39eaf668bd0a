package dev.chorus.launcher;

import dev.chorus.launcher.OtlpCollector.ExportedSpan;
import dev.chorus.testkit.Poll;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes started with {@code --otel-endpoint} export, over OTLP/HTTP to a collector in this test, the spans of one
 * order's trace from both nodes, all in the trace of the request's {@code traceparent}: the HTTP request, its append
 * under it, and the handling of each event of the order's journey in another context on the other node, a child of the
 * span that appended the event (the append, or the handling of the event's cause), named by the {@code traceparent}
 * the event's metadata carries.
 */
class TraceExportIT {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
  private static final String CLIENT_SPAN = "b7ad6b7169203331";
  private static final String FRONT = "customers,orders,pricing";
  private static final String BACK = "inventory,payments,shipping,promotions";
  private static final String APPEND = "append order";
  /** The order's journey from its append on: each span, the node that makes it and the name of its parent. */
  private static final List<Step> JOURNEY = List.of(
    new Step("handle orders.OrderPlaced.v1", BACK, APPEND),
    new Step("handle inventory.OrderStockReserved.v1", FRONT, "handle orders.OrderPlaced.v1"),
    new Step("handle orders.PaymentRequested.v1", BACK, "handle inventory.OrderStockReserved.v1"),
    new Step("handle payments.PaymentCaptured.v1", FRONT, "handle orders.PaymentRequested.v1"),
    new Step("handle orders.OrderConfirmed.v1", BACK, "handle payments.PaymentCaptured.v1"),
    new Step("handle inventory.StockCommitted.v1", FRONT, "handle orders.OrderConfirmed.v1"));

  @TempDir
  Path work;

  /** Spans named {@code name}, made by the node hosting {@code contexts}, each a child of a span named {@code parent}. */
  private record Step(String name, String contexts, String parent) {
  }

  @Test
  @DisplayName("an order's spans from both nodes reach the collector in the trace of its traceparent, each handling a child of"
    + " the span that handled its cause")
  void spansOfBothNodes() throws Exception {
    try (OtlpCollector collector = OtlpCollector.start(); LocalCluster cluster = new LocalCluster(work)) {
      NodeProcess front = cluster.start("front", FRONT, "--otel-endpoint", collector.endpoint());
      NodeProcess back = cluster.start("back", BACK, "--otel-endpoint", collector.endpoint());
      Shop inventory = new Shop(back);
      String sku = Shop.stockedProduct(inventory, new Shop(front), 300, 20);
      String customer = inventory.fundedCustomer(10_000);

      HttpResponse<String> placed = HTTP.send(HttpRequest.newBuilder(URI.create(front.baseUrl() + "/orders"))
        .header("Content-Type", "application/json").header("Prefer", "wait=10")
        .header("traceparent", "00-" + TRACE_ID + "-" + CLIENT_SPAN + "-01")
        .POST(HttpRequest.BodyPublishers.ofString(Shop.order(customer, sku, 1).encode())).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(new JsonObject(placed.body()).getString("status")).as(placed.body()).isEqualTo("CONFIRMED");

      Poll.until(Duration.ofSeconds(30), () -> collector.spans().stream().anyMatch(TraceExportIT::requestSpan)
          && !named(collector, APPEND, FRONT).isEmpty()
          && JOURNEY.stream().allMatch(step -> !named(collector, step.name(), step.contexts()).isEmpty()),
        () -> "the collector did not receive the request's span and every step of " + JOURNEY + "; it has " + collector.spans()
          + (collector.refused().isEmpty() ? "" : ", refused " + collector.refused()));

      List<ExportedSpan> requests = collector.spans().stream().filter(TraceExportIT::requestSpan).toList();
      assertThat(requests).as("the server spans of the client's request").hasSize(1);
      ExportedSpan request = requests.get(0);
      for (ExportedSpan append : named(collector, APPEND, FRONT)) {
        List<ExportedSpan> lineage = lineage(collector, append);
        assertThat(lineage).as("the lineage of " + append).allSatisfy(span ->
          assertThat(span.traceId()).as("the trace of " + span).isEqualTo(TRACE_ID));
        assertThat(lineage).as("the lineage of " + append + ", which must end at the request's span " + request)
          .hasSizeGreaterThanOrEqualTo(2).last().isEqualTo(request);
      }
      for (Step step : JOURNEY) {
        assertThat(named(collector, step.name(), step.contexts())).as(step.name() + " from " + step.contexts()).allSatisfy(span -> {
          assertThat(span.traceId()).as("the trace of " + span).isEqualTo(TRACE_ID);
          assertThat(collector.parent(span).map(ExportedSpan::name)).as("the parent of " + span).contains(step.parent());
        });
      }
    }
  }

  /** Whether {@code span} is the server span of the order's request: the front node's, a child of the client's span that sent it. */
  private static boolean requestSpan(ExportedSpan span) {
    return span.kind().equals("SERVER") && span.contexts().equals(FRONT) && span.traceId().equals(TRACE_ID)
      && span.parentSpanId().equals(CLIENT_SPAN);
  }

  private static List<ExportedSpan> named(OtlpCollector collector, String name, String contexts) {
    return collector.spans().stream().filter(span -> span.name().equals(name) && span.contexts().equals(contexts)).toList();
  }

  /** {@code span} and its ancestors among the received spans, the oldest last. */
  private static List<ExportedSpan> lineage(OtlpCollector collector, ExportedSpan span) {
    List<ExportedSpan> lineage = new ArrayList<>();
    for (Optional<ExportedSpan> next = Optional.of(span); next.isPresent(); next = collector.parent(next.get())) {
      lineage.add(next.get());
    }
    return lineage;
  }
}
