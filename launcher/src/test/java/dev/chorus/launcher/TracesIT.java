package dev.chorus.launcher;

import dev.chorus.platform.db.DatabaseUrl;
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
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An order placed with a W3C {@code traceparent} on a two-node cluster: every event it causes, in every context on
 * either node, carries the trace id as its correlation id and names its cause, and {@code GET /ops/traces/{id}} on
 * any node lists every cause before its effects, even where the database's clock stepped back between them (an NTP
 * step, a failover to a standby whose clock lags), so that an effect was recorded before its cause.
 */
class TracesIT {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final UUID CORRELATION = UUID.fromString("4bf92f35-77b3-4da6-a3ce-929d0e0e4736");
  private static final List<String> FRONT = List.of("customers", "orders", "pricing");
  private static final List<String> BACK = List.of("inventory", "payments", "shipping", "promotions");
  private static final Duration CLOCK_STEP = Duration.ofHours(1);
  private static final List<String> JOURNEY = List.of("orders.OrderPlaced.v1", "inventory.OrderStockReserved.v1",
    "orders.PaymentRequested.v1", "payments.PaymentCaptured.v1", "orders.OrderConfirmed.v1", "inventory.StockCommitted.v1",
    "shipping.ShipmentScheduled.v1");

  @TempDir
  static Path work;
  private static LocalCluster cluster;
  private static NodeProcess front;
  private static NodeProcess back;

  @BeforeAll
  static void startCluster() {
    cluster = new LocalCluster(work);
    front = cluster.start("front", String.join(",", FRONT));
    back = cluster.start("back", String.join(",", BACK));
  }

  @AfterAll
  static void stopCluster() throws Exception {
    cluster.close();
  }

  @Test
  @DisplayName("an order placed with a traceparent is one conversation across four contexts on two nodes, causes listed before"
    + " effects recorded earlier")
  void orderJourney() throws Exception {
    String order = placeOrder();
    JsonObject recorded = awaitTrace();
    Instant reserved = recordedAt(eventOfType(recorded, "inventory.OrderStockReserved.v1"));
    assertThat(clockSteppedBack(cluster.database(), reserved)).as("events recorded after the reservation").isPositive();

    JsonObject trace = front.getJson("/ops/traces/" + TRACE_ID);
    JsonArray events = trace.getJsonArray("events");
    assertThat(trace.getString("correlationId")).isEqualTo(CORRELATION.toString());
    assertCausesListedFirst(events);
    assertThat(recordedBeforeTheirCause(events)).as("effects recorded before their causes (a sort by time would list them first)")
      .contains("orders.PaymentRequested.v1");
    assertThat(causedBy(cluster.database(), events.getJsonObject(0).getString("eventId")))
      .as("the correlation id of every event the placement caused, in every context's log; the trace lists them: " + listing(events))
      .isEqualTo(ids(events).stream().collect(Collectors.toMap(id -> id, id -> CORRELATION.toString())));
    assertThat(events.stream().map(e -> ((JsonObject) e).getString("context")).toList())
      .contains("orders", "inventory", "payments", "shipping");
    assertThat(events.getJsonObject(0).getDouble("sinceFirstMs")).isZero();
    assertThat(trace.getJsonArray("unanswered")).isEmpty();

    JsonObject byOrder = front.getJson("/ops/traces/" + order);
    assertThat(byOrder.getString("correlationId")).as("the order's id finds its conversation").isEqualTo(CORRELATION.toString());
    assertThat(front.get("/ops/traces/not-an-id").statusCode()).isEqualTo(400);
  }

  /** Places an order through the front node with the trace's {@code traceparent}, waits for its confirmation; its id. */
  private static String placeOrder() throws Exception {
    String sku = Shop.stockedProduct(new Shop(back), new Shop(front), 300, 20);
    String customer = new Shop(back).fundedCustomer(10_000);
    HttpResponse<String> placed = HTTP.send(HttpRequest.newBuilder(URI.create(front.baseUrl() + "/orders"))
      .header("Content-Type", "application/json").header("Prefer", "wait=10")
      .header("traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-01")
      .POST(HttpRequest.BodyPublishers.ofString(Shop.order(customer, sku, 2).encode())).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);
    assertThat(new JsonObject(placed.body()).getString("status")).isEqualTo("CONFIRMED");
    assertThat(placed.headers().firstValue("X-Correlation-Id")).contains(CORRELATION.toString());
    return new JsonObject(placed.body()).getString("id");
  }

  /** The trace, as the back node lists it once it holds every step of the order's journey. */
  private static JsonObject awaitTrace() {
    JsonObject[] trace = new JsonObject[1];
    Poll.until(Duration.ofSeconds(20), () -> {
      trace[0] = back.getJson("/ops/traces/" + TRACE_ID);
      return types(trace[0]).containsAll(JOURNEY);
    }, () -> "the trace never listed " + JOURNEY + ": " + trace[0]);
    return trace[0];
  }

  /** The placement first, without a cause; every other event names a cause listed before it in the same trace. */
  private static void assertCausesListedFirst(JsonArray events) {
    JsonObject first = events.getJsonObject(0);
    assertThat(first.getString("type")).as("the conversation's first event listed first: " + listing(events))
      .isEqualTo("orders.OrderPlaced.v1");
    assertThat(first.getString("causationId")).as("the cause of " + describe(first)).isNull();
    Map<String, Integer> positions = new HashMap<>();
    for (int i = 0; i < events.size(); i++) {
      positions.put(events.getJsonObject(i).getString("eventId"), i);
    }
    for (int i = 1; i < events.size(); i++) {
      JsonObject effect = events.getJsonObject(i);
      String cause = effect.getString("causationId");
      assertThat(cause).as("the cause of " + describe(effect)).isNotNull();
      assertThat(positions).as("the cause of " + describe(effect) + " in the trace").containsKey(cause);
      assertThat(positions.get(cause)).as("the position of the cause of %s (listed at %d) in %s", describe(effect), i, listing(events))
        .isLessThan(i);
    }
  }

  /** The types of the events recorded before the event they name as their cause. */
  private static List<String> recordedBeforeTheirCause(JsonArray events) {
    Map<String, Instant> recorded = new HashMap<>();
    events.forEach(e -> recorded.put(((JsonObject) e).getString("eventId"), recordedAt((JsonObject) e)));
    return events.stream().map(JsonObject.class::cast)
      .filter(e -> recorded.containsKey(e.getString("causationId")) && recordedAt(e).isBefore(recorded.get(e.getString("causationId"))))
      .map(e -> e.getString("type")).toList();
  }

  private static Instant recordedAt(JsonObject event) {
    return Instant.parse(event.getString("recordedAt"));
  }

  /**
   * What the logs would hold had the database's clock stepped back an hour just after {@code after}: every event of the
   * conversation recorded later, recorded an hour earlier. Returns how many moved.
   */
  private static int clockSteppedBack(DatabaseUrl url, Instant after) throws SQLException {
    int moved = 0;
    try (Connection db = DriverManager.getConnection(url.jdbcUrl(), url.jdbcProperties())) {
      for (String schema : contexts()) {
        try (PreparedStatement step = db.prepareStatement("update " + schema + ".events set recorded_at = recorded_at - ?::interval"
          + " where metadata->>'correlationId' = ? and recorded_at > ?")) {
          step.setString(1, CLOCK_STEP.toString());
          step.setString(2, CORRELATION.toString());
          step.setObject(3, OffsetDateTime.ofInstant(after, ZoneOffset.UTC));
          moved += step.executeUpdate();
        }
      }
    }
    return moved;
  }

  /**
   * Event id → correlation id of {@code root} and of every event it caused, directly or not, in any context's log:
   * read from the logs by causation, not by correlation.
   */
  private static Map<String, String> causedBy(DatabaseUrl url, String root) throws SQLException {
    String logged = contexts().stream().map(schema -> "select event_id, metadata from " + schema + ".events")
      .collect(Collectors.joining(" union all "));
    String caused = "with recursive logged as (" + logged + "), caused as (select event_id, metadata from logged where event_id = ?::uuid"
      + " union all select l.event_id, l.metadata from logged l join caused c on l.metadata->>'causationId' = c.event_id::text)"
      + " select event_id::text, metadata->>'correlationId' from caused";
    Map<String, String> correlations = new HashMap<>();
    try (Connection db = DriverManager.getConnection(url.jdbcUrl(), url.jdbcProperties());
         PreparedStatement query = db.prepareStatement(caused)) {
      query.setString(1, root);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          correlations.put(rows.getString(1), rows.getString(2));
        }
      }
    }
    return correlations;
  }

  private static List<String> contexts() {
    return Stream.concat(FRONT.stream(), BACK.stream()).toList();
  }

  private static JsonObject eventOfType(JsonObject trace, String type) {
    return trace.getJsonArray("events").stream().map(JsonObject.class::cast).filter(e -> type.equals(e.getString("type")))
      .findFirst().orElseThrow();
  }

  private static List<String> types(JsonObject trace) {
    List<String> types = new ArrayList<>();
    trace.getJsonArray("events").forEach(e -> types.add(((JsonObject) e).getString("type")));
    return types;
  }

  private static Set<String> ids(JsonArray events) {
    Set<String> ids = new HashSet<>();
    events.forEach(e -> ids.add(((JsonObject) e).getString("eventId")));
    return ids;
  }

  /** The events as listed, one per line. */
  private static String listing(JsonArray events) {
    return events.stream().map(e -> String.format("%n  %s", describe((JsonObject) e))).collect(Collectors.joining());
  }

  private static String describe(JsonObject event) {
    return event.getString("type") + " " + event.getString("eventId") + " caused by " + event.getString("causationId") + " at "
      + event.getString("recordedAt");
  }
}
