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

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** Nodes started from the jar, sharing one embedded database, joining and leaving one cluster. */
class NodeClusterIT {

  private static final Duration START = Duration.ofSeconds(60);
  private static final String INVENTORY_REPORTS = "orders.inventory";
  private static final String PROCESSED = "chorus_subscription_events_processed_total{subscription=\"%s\"}";
  private static final String RETRIES = "chorus_subscription_retries_total{subscription=\"%s\"}";
  private static final String PARKED = "chorus_subscription_parked{subscription=\"%s\"}";

  @TempDir
  static Path work;
  static Path clusterConfig;
  static NodeProcess first;

  @BeforeAll
  static void startFirstNode() {
    clusterConfig = TestClusterConfig.write(work);
    first = NodeProcess.start(work, "first", "--cluster-config", clusterConfig.toString()).awaitReady(START);
  }

  @AfterAll
  static void stopFirstNode() throws Exception {
    if (first.alive()) {
      assertThat(first.terminate(Duration.ofSeconds(30))).isZero();
    }
    assertThat(RunningPostgres.find(work.resolve("chorus-data/postgres"))).as("the last node out stops the embedded database").isEmpty();
  }

  @Test
  @DisplayName("a second node joins the first: each lists both, with HTTP address, contexts and start time")
  void secondNodeJoins() throws Exception {
    try (NodeProcess second = startNode("second")) {
      for (NodeProcess node : List.of(first, second)) {
        JsonObject cluster = node.getJson("/cluster");
        assertThat(cluster.getInteger("size")).isEqualTo(2);
        assertThat(httpUrls(cluster)).containsExactlyInAnyOrder(first.baseUrl(), second.baseUrl());
        cluster.getJsonArray("members").forEach(m -> {
          JsonObject member = (JsonObject) m;
          assertThat(member.getString("nodeId")).isNotBlank();
          assertThat(member.getString("startedAt")).isNotBlank();
          assertThat(member.getJsonArray("contexts")).isNotNull();
        });
      }
      assertThat(second.output()).contains("(embedded, shared)").contains("cluster of 2 node(s)");
      assertThat(second.terminate(Duration.ofSeconds(30))).isZero();
    }
  }

  @Test
  @DisplayName("a node that keeps a context in another database is refused with one line naming the context and both databases; it stops its own server")
  void foreignDatabaseIsRefused() throws Exception {
    Path foreignData = work.resolve("foreign-data");
    NodeProcess foreign = NodeProcess.start(work, "foreign", "--cluster-config", clusterConfig.toString(), "--data-dir", foreignData.toString(),
      "--contexts", "customers");
    int status = foreign.awaitExit(START);
    List<String> complaints = foreign.output().lines().filter(line -> line.startsWith("chorus: ")).toList();

    assertThat(status).as(foreign.output()).isNotZero();
    assertThat(complaints).as(foreign.output()).hasSize(1);
    assertThat(complaints.get(0)).contains("this node's databases are not its cluster's: customers is kept in " + first.databaseUrl())
      .contains("not in this node's postgresql://").contains("--cluster-config").doesNotContain("promotions");
    assertThat(foreign.output()).as("no stack trace").doesNotContain("\tat ");
    assertThat(RunningPostgres.find(foreignData.resolve("postgres"))).as("its own server stopped").isEmpty();
    awaitMembers(first, 1, Duration.ofSeconds(10));   // the refused node joined before it found the database foreign
  }

  @Test
  @DisplayName("SIGTERM: the node exits 0 and the others drop it from /cluster at once")
  void sigtermLeavesTheCluster() throws Exception {
    NodeProcess leaving = startNode("leaving");
    awaitMembers(first, 2, Duration.ofSeconds(10));

    assertThat(leaving.terminate(Duration.ofSeconds(30))).isZero();

    Duration dropped = awaitMembers(first, 1, Duration.ofSeconds(5));
    System.out.printf("graceful leave seen by the other node after %d ms%n", dropped.toMillis());
    assertThat(httpUrls(first.getJson("/cluster"))).containsExactly(first.baseUrl());
  }

  @Test
  @DisplayName("kill -9: the others drop the dead node from /cluster within 15 s")
  void killedNodeIsDropped() throws Exception {
    NodeProcess doomed = startNode("doomed");
    awaitMembers(first, 2, Duration.ofSeconds(10));

    doomed.kill();

    Duration dropped = awaitMembers(first, 1, Duration.ofSeconds(15));
    System.out.printf("killed node dropped after %d ms%n", dropped.toMillis());
    assertThat(first.get("/ready").statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("a node answers /health, /ready and /metrics in their formats")
  void opsEndpoints() throws Exception {
    assertThat(first.getJson("/health").getString("status")).isEqualTo("UP");
    JsonObject ready = first.getJson("/ready");
    assertThat(ready.getString("status")).isEqualTo("READY");
    assertThat(ready.getJsonObject("checks").getMap()).containsOnlyKeys("cluster", "database", "log", "contexts").allSatisfy((k, v) -> assertThat(v).isEqualTo("UP"));

    var metrics = first.get("/metrics");
    assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
    assertThat(metrics.body()).contains("# TYPE jvm_memory_used_bytes gauge");

    var missing = first.get("/nowhere");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.headers().firstValue("Content-Type")).contains("application/problem+json");
  }

  @Test
  @DisplayName("/metrics exports JVM, HTTP, event bus, SQL pool and subscription families; a registration moves appends, HTTP"
    + " requests and events processed by one, lag returns to 0, and an open transaction shows as the oldest one's age")
  void metricsMove() throws Exception {
    Map<String, Double> before = metrics(first);
    assertThat(families(before)).contains("jvm_memory_used_bytes", "jvm_gc_memory_allocated_bytes_total", "jvm_threads_live_threads",
      "process_cpu_usage", "vertx_http_server_requests_total", "vertx_http_server_response_time_seconds_count",
      "vertx_eventbus_handlers", "vertx_eventbus_sent_total", "vertx_pool_in_use", "vertx_pool_queue_pending",
      "vertx_pool_usage_seconds_count", "chorus_appends_committed_total", "chorus_append_transactions_total",
      "chorus_subscription_lag", "chorus_subscription_events_processed_total", "chorus_subscription_retries_total",
      "chorus_subscription_parked", "chorus_db_oldest_transaction_seconds");
    for (String context : List.of("customers", "promotions", "orders")) {
      assertThat(before).containsKeys("vertx_pool_in_use{pool_name=\"" + context + "\",pool_type=\"sql\"}",
        "vertx_pool_in_use{pool_name=\"" + context + "-reads\",pool_type=\"sql\"}");
    }
    for (String subscription : List.of("promotions.registrations", "promotions.views")) {
      assertThat(before).containsKeys(RETRIES.formatted(subscription), PARKED.formatted(subscription));
    }

    var created = first.post("/customers", "{\"email\": \"metrics@example.com\", \"name\": \"Metrics\"}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

    Map<String, Double> moved = Map.of(
      "chorus_appends_committed_total{context=\"customers\"}", 1.0,
      "chorus_append_transactions_total{context=\"customers\"}", 1.0,
      "vertx_http_server_requests_total{code=\"201\",method=\"POST\"}", 1.0,
      PROCESSED.formatted("promotions.registrations"), 1.0,
      PROCESSED.formatted("promotions.views"), 1.0);
    Poll.until(Duration.ofSeconds(10), () -> {
      Map<String, Double> now = metrics(first);
      return moved.entrySet().stream().allMatch(m -> now.get(m.getKey()) == before.getOrDefault(m.getKey(), 0.0) + m.getValue());
    }, () -> "counters did not move by one: before " + pick(before, moved.keySet()) + ", after " + pick(metricsOrEmpty(first), moved.keySet()));
    Poll.until(Duration.ofSeconds(10), () -> {
      List<Double> lags = metrics(first).entrySet().stream()
        .filter(m -> m.getKey().startsWith("chorus_subscription_lag{") && m.getKey().contains("subscription=\"promotions.registrations\""))
        .map(Map.Entry::getValue).toList();
      return lags.size() == 16 && lags.stream().allMatch(lag -> lag == 0.0);
    }, () -> "lag of promotions.registrations never 0 on its 16 partitions");
    assertThat(metrics(first).get(PARKED.formatted("promotions.registrations"))).isZero();

    try (Connection connection = database()) {
      connection.setAutoCommit(false);
      execute(connection, "lock table customers.events in row exclusive mode");    // what an append holds until it ends
      execute(connection, "select pg_current_xact_id()");
      String oldest = "chorus_db_oldest_transaction_seconds{database=\"embedded\"}";
      Poll.until(Duration.ofSeconds(15), () -> metrics(first).get(oldest) >= 1.0,
        () -> "the oldest open transaction never showed: " + metricsOrEmpty(first).get(oldest));
      connection.rollback();
    }
  }

  @Test
  @DisplayName("parked events: one retried from the command line once its cause is gone takes effect once; one skipped over HTTP"
    + " never does, and the events of its stream that waited behind it flow")
  void parkedEventsRetriedAndSkipped() throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String retried = "refused-" + run + "-r";
    String skipped = "refused-" + run + "-s";
    String flowing = "flowing-" + run;
    double retriesBefore = metrics(first).get(RETRIES.formatted(INVENTORY_REPORTS));
    try (Connection db = database()) {
      // The consumer's own table refuses the products of this test while they carry a name: ProductAdded, not restocks.
      execute(db, "create function orders.refuse_" + run + "() returns trigger language plpgsql as"
        + " $$ begin raise exception 'refused by the test: %', new.sku; end $$");
      execute(db, "create trigger refuse_" + run + " before insert or update on orders.catalogue for each row"
        + " when (new.sku like 'refused-" + run + "-%' and new.name is not null) execute function orders.refuse_" + run + "()");
      try {
        addProduct(retried, 4);
        addProduct(skipped, 5);
        assertThat(first.post("/inventory/products/" + skipped + "/restock", "{\"quantity\": 3}").statusCode()).isEqualTo(200);
        addProduct(flowing, 6);

        Poll.until(Duration.ofSeconds(30), () -> parked().size() == 3, () -> "not parked: " + parkedOrError());
        List<JsonObject> parked = parked();
        assertThat(parked).extracting(p -> p.getString("streamId"), p -> p.getString("type"), p -> p.getString("status"))
          .containsExactlyInAnyOrder(
            tuple("sku-" + retried, "inventory.ProductAdded.v1", "parked"),
            tuple("sku-" + skipped, "inventory.ProductAdded.v1", "parked"),
            tuple("sku-" + skipped, "inventory.ProductRestocked.v1", "waiting"));
        assertThat(parked).filteredOn(p -> p.getString("status").equals("parked")).allSatisfy(p -> {
          assertThat(p.getInteger("attempts")).isEqualTo(5);
          assertThat(p.getString("lastError")).contains("refused by the test: " + p.getString("streamId").substring("sku-".length()));
        });
        Poll.until(Duration.ofSeconds(10), () -> catalogue(db, flowing) != null, () -> "other streams stopped flowing");
        assertThat(catalogue(db, flowing)).isEqualTo("Product " + flowing + " 100 6");
        assertThat(metrics(first).get(RETRIES.formatted(INVENTORY_REPORTS)) - retriesBefore).as("five attempts at each").isEqualTo(10.0);
        Poll.until(Duration.ofSeconds(10), () -> metrics(first).get(PARKED.formatted(INVENTORY_REPORTS)) == 3.0,
          () -> "parked gauge: " + metricsOrEmpty(first).get(PARKED.formatted(INVENTORY_REPORTS)));

        var skip = first.post("/ops/parked/" + INVENTORY_REPORTS + "/" + eventOf(parked, skipped, "parked") + "/skip", "");
        assertThat(skip.statusCode()).as(skip.body()).isEqualTo(200);
        assertThat(new JsonObject(skip.body()).getString("status")).isEqualTo("done");
        assertThat(new JsonObject(skip.body()).getInteger("processed")).isEqualTo(2);
        assertThat(catalogue(db, skipped)).as("the restock flowed; the product's name and price never came").isEqualTo("null null 8");

        execute(db, "drop trigger refuse_" + run + " on orders.catalogue");
        String event = eventOf(parked, retried, "parked");
        NodeProcess retry = NodeProcess.startRaw(work, "parked-retry-" + run, "parked", "retry", "--node", first.baseUrl(),
          "--subscription", INVENTORY_REPORTS, "--event", event);
        assertThat(retry.awaitExit(Duration.ofSeconds(30))).as(retry.output()).isZero();
        assertThat(retry.output()).contains("retry " + event + ": done, 1 event(s) processed");

        assertThat(catalogue(db, retried)).isEqualTo("Product " + retried + " 100 4");
        assertThat(count(db, "select count(*) from orders.inbox where subscription = '" + INVENTORY_REPORTS + "' and event_id = '" + event + "'"))
          .isEqualTo(1);
        assertThat(catalogue(db, skipped)).isEqualTo("null null 8");
        assertThat(parked()).isEmpty();
        Poll.until(Duration.ofSeconds(10), () -> metrics(first).get(PARKED.formatted(INVENTORY_REPORTS)) == 0.0,
          () -> "parked gauge: " + metricsOrEmpty(first).get(PARKED.formatted(INVENTORY_REPORTS)));
      } finally {
        execute(db, "drop trigger if exists refuse_" + run + " on orders.catalogue");
        execute(db, "drop function orders.refuse_" + run + "()");
      }
    }
  }

  @Test
  @DisplayName("a customer registered through one node reads back through another")
  void contextsServeOnEveryNode() throws Exception {
    try (NodeProcess second = startNode("reader")) {
      var created = first.post("/customers", "{\"email\": \"node@example.com\", \"name\": \"Node\"}");
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      String location = created.headers().firstValue("Location").orElseThrow();

      var read = second.get(location);

      assertThat(read.statusCode()).isEqualTo(200);
      assertThat(new JsonObject(read.body()).getString("email")).isEqualTo("node@example.com");
      assertThat(second.terminate(Duration.ofSeconds(30))).isZero();
    }
  }

  @Test
  @DisplayName("the parked command lists a cluster's parked events and names what it cannot do")
  void parkedCommand() throws Exception {
    NodeProcess list = NodeProcess.startRaw(work, "parked-list", "parked", "list", "--node", first.baseUrl());
    NodeProcess unknown = NodeProcess.startRaw(work, "parked-retry", "parked", "retry", "--node", first.baseUrl(),
      "--subscription", "promotions.registrations", "--event", "0b2c0c64-1b1f-4f7e-9a51-0d7d3c0f5e01");
    NodeProcess incomplete = NodeProcess.startRaw(work, "parked-usage", "parked", "skip", "--node", first.baseUrl());

    assertThat(list.awaitExit(Duration.ofSeconds(30))).as(list.output()).isZero();
    assertThat(list.output()).contains("no parked events");
    assertThat(unknown.awaitExit(Duration.ofSeconds(30))).isEqualTo(1);
    assertThat(unknown.output()).contains("chorus: the node answered 404: no parked event 0b2c0c64-1b1f-4f7e-9a51-0d7d3c0f5e01");
    assertThat(incomplete.awaitExit(Duration.ofSeconds(30))).isEqualTo(2);
    assertThat(incomplete.output()).contains("parked: --subscription is required");
  }

  private static void addProduct(String sku, int stock) throws Exception {
    var added = first.post("/inventory/products", new JsonObject().put("sku", sku).put("name", "Product " + sku).put("price", 100)
      .put("stock", stock).encode());
    assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
  }

  /** The parked and waiting events of orders' inventory reports whose products belong to the parking test. */
  private static List<JsonObject> parked() throws Exception {
    return new JsonArray(first.get("/ops/parked?subscription=" + INVENTORY_REPORTS).body()).stream().map(p -> (JsonObject) p)
      .filter(p -> p.getString("streamId").startsWith("sku-refused-")).toList();
  }

  private static String parkedOrError() {
    try {
      return parked().toString();
    } catch (Exception e) {
      return e.toString();
    }
  }

  private static String eventOf(List<JsonObject> parked, String sku, String status) {
    return parked.stream().filter(p -> p.getString("streamId").equals("sku-" + sku) && p.getString("status").equals(status))
      .findFirst().orElseThrow().getString("eventId");
  }

  /** What orders' catalogue holds of a product, "name list_price available", or null when it has no row. */
  private static String catalogue(Connection db, String sku) throws SQLException {
    try (PreparedStatement query = db.prepareStatement("select name, list_price, available from orders.catalogue where sku = ?")) {
      query.setString(1, sku);
      try (ResultSet row = query.executeQuery()) {
        return row.next() ? row.getString(1) + " " + row.getString(2) + " " + row.getString(3) : null;
      }
    }
  }

  private static long count(Connection db, String query) throws SQLException {
    try (Statement statement = db.createStatement(); ResultSet row = statement.executeQuery(query)) {
      row.next();
      return row.getLong(1);
    }
  }

  private static void execute(Connection db, String sql) throws SQLException {
    try (Statement statement = db.createStatement()) {
      statement.execute(sql);
    }
  }

  /** The embedded database the nodes of this class share. */
  private static Connection database() throws SQLException {
    DatabaseUrl url = LocalCluster.embeddedDatabase(work.resolve("chorus-data"));
    return DriverManager.getConnection(url.jdbcUrl(), url.jdbcProperties());
  }

  /** Every series of a node's /metrics, named as printed (labels included), with its value. */
  private static Map<String, Double> metrics(NodeProcess node) throws Exception {
    Map<String, Double> series = new HashMap<>();
    node.get("/metrics").body().lines().filter(line -> !line.isBlank() && !line.startsWith("#")).forEach(line -> {
      int space = line.lastIndexOf(' ');
      series.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
    });
    return series;
  }

  private static Map<String, Double> metricsOrEmpty(NodeProcess node) {
    try {
      return metrics(node);
    } catch (Exception e) {
      return Map.of();
    }
  }

  private static Set<String> families(Map<String, Double> series) {
    return series.keySet().stream().map(name -> name.contains("{") ? name.substring(0, name.indexOf('{')) : name).collect(Collectors.toSet());
  }

  private static Map<String, Double> pick(Map<String, Double> series, Set<String> names) {
    Map<String, Double> picked = new HashMap<>();
    names.forEach(name -> picked.put(name, series.get(name)));
    return picked;
  }

  private NodeProcess startNode(String name) {
    return NodeProcess.start(work, name, "--cluster-config", clusterConfig.toString()).awaitReady(START);
  }

  private static Duration awaitMembers(NodeProcess node, int size, Duration timeout) {
    return Poll.until(timeout, () -> node.getJson("/cluster").getInteger("size") == size,
      () -> "cluster never reached " + size + " members: " + describe(node));
  }

  private static String describe(NodeProcess node) {
    try {
      return node.getJson("/cluster").encodePrettily();
    } catch (Exception e) {
      return e.toString();
    }
  }

  private static List<String> httpUrls(JsonObject cluster) {
    JsonArray members = cluster.getJsonArray("members");
    return members.stream().map(m -> ((JsonObject) m).getString("httpUrl")).collect(Collectors.toList());
  }
}
