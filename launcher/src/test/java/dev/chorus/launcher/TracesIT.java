package dev.chorus.launcher;

import dev.chorus.testkit.Poll;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An order placed with a W3C {@code traceparent} on a two-node cluster: every event it causes, in every context on
 * either node, carries the trace id as its correlation id, and {@code GET /ops/traces/{id}} on any node lists them in
 * causal order.
 */
class TracesIT {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final UUID CORRELATION = UUID.fromString("4bf92f35-77b3-4da6-a3ce-929d0e0e4736");

  @TempDir
  static Path work;
  private static LocalCluster cluster;
  private static NodeProcess front;
  private static NodeProcess back;

  @BeforeAll
  static void startCluster() {
    cluster = new LocalCluster(work);
    front = cluster.start("front", "customers,orders,pricing");
    back = cluster.start("back", "inventory,payments,shipping,promotions");
  }

  @AfterAll
  static void stopCluster() throws Exception {
    cluster.close();
  }

  @Test
  @DisplayName("an order placed with a traceparent is one conversation across four contexts on two nodes, listed causally")
  void orderJourney() throws Exception {
    String sku = Shop.stockedProduct(new Shop(back), new Shop(front), 300, 20);
    String customer = new Shop(back).fundedCustomer(10_000);

    HttpResponse<String> placed = HTTP.send(HttpRequest.newBuilder(URI.create(front.baseUrl() + "/orders"))
      .header("Content-Type", "application/json").header("Prefer", "wait=10")
      .header("traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-01")
      .POST(HttpRequest.BodyPublishers.ofString(Shop.order(customer, sku, 2).encode())).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);
    assertThat(new JsonObject(placed.body()).getString("status")).isEqualTo("CONFIRMED");
    assertThat(placed.headers().firstValue("X-Correlation-Id")).contains(CORRELATION.toString());
    String order = new JsonObject(placed.body()).getString("id");

    List<String> expected = List.of("OrderPlaced", "OrderStockReserved", "PaymentCaptured", "OrderConfirmed", "StockCommitted",
      "ShipmentScheduled");
    JsonObject[] trace = new JsonObject[1];
    Poll.until(Duration.ofSeconds(20), () -> {
      trace[0] = back.getJson("/ops/traces/" + TRACE_ID);
      return types(trace[0]).containsAll(expected);
    }, () -> "the trace never listed " + expected + ": " + trace[0]);

    JsonArray events = trace[0].getJsonArray("events");
    List<String> types = types(trace[0]);
    assertThat(trace[0].getString("correlationId")).isEqualTo(CORRELATION.toString());
    List<String> chain = expected.subList(0, 4);   // each caused by the one before; both last ones by OrderConfirmed
    assertThat(chain.stream().map(types::indexOf).toList()).as("positions of " + chain + " in " + types).isSorted();
    assertThat(types.indexOf("StockCommitted")).as("after OrderConfirmed: " + types).isGreaterThan(types.indexOf("OrderConfirmed"));
    assertThat(types.indexOf("ShipmentScheduled")).as("after OrderConfirmed: " + types).isGreaterThan(types.indexOf("OrderConfirmed"));
    Set<String> contexts = new HashSet<>();
    Set<String> seen = new HashSet<>();
    for (Object entry : events) {
      JsonObject event = (JsonObject) entry;
      contexts.add(event.getString("context"));
      String cause = event.getString("causationId");
      assertThat(cause == null || seen.contains(cause) || !ids(events).contains(cause)).as("cause listed before " + event).isTrue();
      seen.add(event.getString("eventId"));
    }
    assertThat(contexts).contains("orders", "inventory", "payments", "shipping");
    assertThat(events.getJsonObject(0).getDouble("sinceFirstMs")).isZero();
    assertThat(trace[0].getJsonArray("unanswered")).isEmpty();

    JsonObject byOrder = front.getJson("/ops/traces/" + order);
    assertThat(byOrder.getString("correlationId")).as("the order's id finds its conversation").isEqualTo(CORRELATION.toString());
    assertThat(front.get("/ops/traces/not-an-id").statusCode()).isEqualTo(400);
  }

  private static List<String> types(JsonObject trace) {
    List<String> types = new ArrayList<>();
    trace.getJsonArray("events").forEach(e -> {
      String type = ((JsonObject) e).getString("type");
      String[] parts = type.split("\\.");
      types.add(parts.length >= 2 ? parts[1] : type);
    });
    return types;
  }

  private static Set<String> ids(JsonArray events) {
    Set<String> ids = new HashSet<>();
    events.forEach(e -> ids.add(((JsonObject) e).getString("eventId")));
    return ids;
  }
}
