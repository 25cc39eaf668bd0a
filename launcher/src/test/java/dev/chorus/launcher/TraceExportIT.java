package dev.chorus.launcher;

import com.sun.net.httpserver.HttpServer;
import dev.chorus.platform.db.DatabaseUrl;
import dev.chorus.testkit.Poll;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes started with {@code --otel-endpoint} export, over OTLP/HTTP to a collector in this test, the spans of one
 * order's trace from both nodes: the HTTP request, its appends and the handling of its events in other contexts,
 * linked through the {@code traceparent} each event's metadata carries.
 */
class TraceExportIT {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";

  @TempDir
  Path work;

  @Test
  @DisplayName("an order's spans from both nodes reach the collector under the trace id of its traceparent")
  void spansOfBothNodes() throws Exception {
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    HttpServer collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    collector.createContext("/v1/traces", exchange -> {
      byte[] body = exchange.getRequestBody().readAllBytes();
      synchronized (received) {
        received.write(body);
      }
      exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    collector.start();
    String endpoint = "http://127.0.0.1:" + collector.getAddress().getPort();
    try (LocalCluster cluster = new LocalCluster(work)) {
      NodeProcess front = cluster.start("front", "customers,orders,pricing", "--otel-endpoint", endpoint);
      NodeProcess back = cluster.start("back", "inventory,payments,shipping,promotions", "--otel-endpoint", endpoint);
      Shop inventory = new Shop(back);
      String sku = Shop.stockedProduct(inventory, new Shop(front), 300, 20);
      String customer = inventory.fundedCustomer(10_000);

      HttpResponse<String> placed = HTTP.send(HttpRequest.newBuilder(URI.create(front.baseUrl() + "/orders"))
        .header("Content-Type", "application/json").header("Prefer", "wait=10")
        .header("traceparent", "00-" + TRACE_ID + "-b7ad6b7169203331-01")
        .POST(HttpRequest.BodyPublishers.ofString(Shop.order(customer, sku, 1).encode())).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(new JsonObject(placed.body()).getString("status")).as(placed.body()).isEqualTo("CONFIRMED");

      byte[] traceId = HexFormat.of().parseHex(TRACE_ID);
      List<String> spans = List.of("append order", "handle orders.OrderPlaced.v1", "handle inventory.OrderStockReserved.v1",
        "handle payments.PaymentCaptured.v1", "handle orders.OrderConfirmed.v1", "customers,orders,pricing", "inventory,payments,shipping,promotions");
      Poll.until(Duration.ofSeconds(30), () -> {
        byte[] all;
        synchronized (received) {
          all = received.toByteArray();
        }
        String text = new String(all, StandardCharsets.ISO_8859_1);
        return text.contains(new String(traceId, StandardCharsets.ISO_8859_1)) && spans.stream().allMatch(text::contains);
      }, () -> "the collector did not receive " + spans + " under trace " + TRACE_ID);

      assertThat(tracedEvents(cluster.database())).as("events of the order carrying the traceparent of the span that appended them")
        .isGreaterThanOrEqualTo(4);
    } finally {
      collector.stop(0);
    }
  }

  /** Events of the order's conversation, in orders', inventory's and payments' logs, whose metadata names the trace. */
  private static long tracedEvents(DatabaseUrl url) throws Exception {
    long traced = 0;
    try (Connection db = DriverManager.getConnection(url.jdbcUrl(), url.jdbcProperties()); Statement statement = db.createStatement()) {
      for (String schema : List.of("orders", "inventory", "payments")) {
        try (ResultSet rows = statement.executeQuery("select count(*) from " + schema + ".events where metadata->>'traceparent' like '00-"
          + TRACE_ID + "-%'")) {
          rows.next();
          traced += rows.getLong(1);
        }
      }
    }
    return traced;
  }
}
