package dev.chorus.launcher;

import dev.chorus.launcher.InvalidRequests.Endpoint;
import dev.chorus.launcher.InvalidRequests.Id;
import dev.chorus.launcher.InvalidRequests.Lines;
import dev.chorus.launcher.InvalidRequests.Text;
import dev.chorus.launcher.InvalidRequests.Whole;
import dev.chorus.launcher.QueryRequests.Route;
import dev.chorus.platform.db.DatabaseUrl;
import dev.chorus.testkit.Poll;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Generated requests to a node hosting every context, started with {@code --auth jwt}: invalid writes to every write
 * endpoint (a body wrong in one way, made from a fresh valid template; a bad path id; a bad, reused or refused
 * credential or key; malformed headers beside a fault) are each refused with a 4xx, and queries to every read route with
 * malformed path and query parameters and headers are each answered without a fault. None answers 5xx, no write is
 * accepted, no context's log gains an event, and the node stays ready. The seed is printed; rerun one with
 * {@code -Dchorus.fuzz.seed=N}.
 */
class InputFuzzIT {

  private static final String[] CONTEXTS = {"customers", "promotions", "inventory", "payments", "orders", "shipping", "pricing"};
  /** One request in this many is a query; the rest are writes. */
  private static final int QUERY_SHARE = 4;
  /** The answer a write must get for its fault, where the fault decides one; any other fault, any 4xx. */
  private static final Map<String, Integer> EXPECTED = Map.of("refused credentials", 401, "reused idempotency key", 422,
    "malformed idempotency key", 400, "not JSON content", 415, "malformed id in path", 400);

  @TempDir
  Path work;
  private LocalCluster cluster;

  @AfterEach
  void stop() throws Exception {
    cluster.close();
  }

  @Test
  @DisplayName("10,000 generated invalid writes and malformed queries: 0 answered 5xx, 0 writes accepted, 0 events appended, node ready")
  void invalidRequestsAreRefused() throws Exception {
    long seed = Long.getLong("chorus.fuzz.seed", System.nanoTime());
    int count = Integer.getInteger("chorus.fuzz.requests", 10_000);
    System.out.printf("fuzz: seed %d (rerun with -Dchorus.fuzz.seed=%d)%n", seed, seed);
    cluster = new LocalCluster(work);
    NodeProcess started = cluster.start("a", String.join(",", CONTEXTS), "--auth", "jwt");
    String key = SecretFile.read(NodeSecurity.defaultJwtKey(work.resolve("chorus-data")));
    InvalidRequests.Credentials credentials = credentials(key);
    NodeProcess node = started.withToken(credentials.valid().substring("Bearer ".length()));
    Setup setup = setUp(node);
    Poll.until(Duration.ofSeconds(30), () -> caughtUp(node), () -> "the setup's events were never all processed: " + LocalCluster.cluster(node));
    Map<String, Long> before = eventCounts(cluster.database());

    InvalidRequests writes = new InvalidRequests(setup.endpoints(), credentials, seed);
    QueryRequests queries = new QueryRequests(setup.routes(), credentials, seed + 1);
    Map<Integer, Integer> writeStatuses = new TreeMap<>();
    Map<Integer, Integer> queryStatuses = new TreeMap<>();
    Map<String, Integer> kinds = new TreeMap<>();
    List<String> wrong = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      if (i % QUERY_SHARE == 0) {
        QueryRequests.Query query = queries.next();
        int status = RawHttp.status(node.httpPort(), "GET", query.uri(), query.headers(), null);
        queryStatuses.merge(status, 1, Integer::sum);
        if ((status >= 500 || status < 200) && wrong.size() < 10) {
          wrong.add(status + " for " + query.describe());
        }
      } else {
        InvalidRequests.Request request = writes.next();
        Map<String, String> headers = new LinkedHashMap<>(request.headers());
        headers.put("Content-Type", request.contentType());
        int status = RawHttp.status(node.httpPort(), "POST", request.path(), headers, request.body());
        writeStatuses.merge(status, 1, Integer::sum);
        kinds.merge(request.kind(), 1, Integer::sum);
        int expected = EXPECTED.getOrDefault(request.kind(), 0);
        if ((status < 400 || status >= 500 || expected != 0 && status != expected) && wrong.size() < 10) {
          wrong.add(status + " for " + request.describe());
        }
      }
    }
    System.out.printf("fuzz: %d requests; invalid writes answered %s; queries answered %s; kinds of writes %s%n", count, writeStatuses,
      queryStatuses, kinds);

    assertThat(wrong).as("writes not refused with a 4xx (or not the one their fault asks for), queries answered with a 5xx").isEmpty();
    assertThat(node.output()).as("faults logged").doesNotContain("WebErrors").doesNotContain("Unhandled exception");
    assertRefused(node, credentials.valid(), "/customers/" + UUID.randomUUID() + "?%zz=1", 400, "/malformed-uri");
    assertRefused(node, credentials.valid(), "/orders?after=%25zz", 400, "/invalid-field");
    assertRefused(node, credentials.valid(), "/orders?after=1%7C00000000-0000-0000-0000-000000000000", 400, "/invalid-field");
    assertRefused(node, credentials.valid(), "/dashboard/%2e%2e%2f%2e%2e", 404, "/not-found");
    assertThat(RawHttp.status(node.httpPort(), "GET", "/orders/" + "x".repeat(9_000), Map.of("Authorization", credentials.valid()), null))
      .as("a request line too long to read").isEqualTo(414);
    assertThat(queryStatuses.keySet()).as("queries: some answered, some refused").anyMatch(status -> status == 200)
      .anyMatch(status -> status == 400);
    assertThat(node.get("/ready").statusCode()).isEqualTo(200);
    Poll.until(Duration.ofSeconds(30), () -> caughtUp(node), () -> "subscriptions did not settle: " + LocalCluster.cluster(node));
    assertThat(eventCounts(cluster.database())).as("events in every context's log").isEqualTo(before);
    assertThat(new JsonArray(node.get("/ops/parked").body())).as("parked events").isEmpty();
  }

  /** A malformed query that a generated one may not reach in every run, refused as it must be. */
  private static void assertRefused(NodeProcess node, String authorization, String uri, int status, String type) throws Exception {
    RawHttp.Answer answer = RawHttp.send(node.httpPort(), "GET", uri, Map.of("Authorization", authorization), null);
    assertThat(answer.status()).as(uri + ": " + answer.body()).isEqualTo(status);
    assertThat(new JsonObject(answer.body()).getString("type")).as(uri).endsWith(type);
  }

  /** Operator's credentials, and credentials the node must refuse: malformed, forged, expired, with malformed claims. */
  private static InvalidRequests.Credentials credentials(String key) {
    long now = System.currentTimeMillis() / 1000;
    JsonObject operator = new JsonObject().put("sub", "fuzz-ops").put("role", "operator").put("exp", now + 3600);
    List<String> refused = new ArrayList<>(List.of("Bearer", "Bearer ", "Bearer not.a.token", "Basic b3BzOm9wcw==", "bearer" + "x".repeat(40),
      "Bearer " + "a".repeat(4000), "Bearer eyJhbGciOiJub25lIn0." + "e30."));
    refused.add("Bearer " + SignedTokens.hs256(key + "-of-another-cluster", operator));
    JsonObject noSubject = operator.copy();
    noSubject.remove("sub");
    for (JsonObject claims : List.of(operator.copy().put("exp", now - 10), operator.copy().put("exp", String.valueOf(now + 3600)),
      operator.copy().put("exp", new JsonArray().add(now + 3600)), operator.copy().put("iat", "today"), operator.copy().put("nbf", now + 3600),
      operator.copy().put("iat", now + 3600), operator.copy().put("role", "admin"), operator.copy().put("role", 7), noSubject,
      operator.copy().put("sub", ""), operator.copy().put("sub", "not-a-customer-id").put("role", "customer"))) {
      refused.add("Bearer " + SignedTokens.hs256(key, claims));
    }
    return new InvalidRequests.Credentials("Bearer " + SignedTokens.hs256(key, operator), refused);
  }

  /** The endpoints and routes to fuzz. */
  private record Setup(List<Endpoint> endpoints, List<Route> routes) {
  }

  private static Setup setUp(NodeProcess node) throws Exception {
    Shop shop = new Shop(node);
    String inviter = new JsonObject(shop.post("/customers", customer(), null, null).body()).getString("id");
    String sku = shop.stockedProduct(100, 1_000);
    String wallet = shop.fundedCustomer(10_000);
    HttpResponse<String> placed = shop.post("/orders", Shop.order(wallet, sku, 1), "wait=10", null);
    assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);
    String order = new JsonObject(placed.body()).getString("id");
    List<Endpoint> endpoints = new ArrayList<>();
    endpoints.add(endpoint(shop, "/customers", customer(), () -> customer().put("invitedBy", inviter),
      fields("email", new Text(true, 254), "name", new Text(true, 200), "invitedBy", new Id(false)), List.of()));
    endpoints.add(endpoint(shop, "/inventory/products", Shop.product(Shop.sku(), 200, 20), () -> Shop.product(Shop.sku(), 100, 10),
      fields("sku", new Text(true, 64), "name", new Text(true, 200), "price", new Whole(true, 0, 1_000_000_000L),
        "stock", new Whole(true, 0, 1_000_000_000L)), List.of()));
    endpoints.add(endpoint(shop, "/inventory/products/" + sku + "/restock", new JsonObject().put("quantity", 6), () -> new JsonObject().put("quantity", 5),
      fields("quantity", new Whole(true, 1, 1_000_000_000L)),
      List.of("/inventory/products/" + "s".repeat(65) + "/restock", "/inventory/products/bad.sku/restock", "/inventory/products/%00/restock")));
    endpoints.add(endpoint(shop, "/orders", Shop.order(wallet, sku, 2), () -> Shop.order(wallet, sku, 1),
      fields("customerId", new Id(true), "lines", new Lines(true, 100, fields("sku", new Text(true, 64), "quantity", new Whole(true, 1, 1_000_000L)))),
      List.of()));
    endpoints.add(endpoint(shop, "/payments/wallets/" + wallet + "/deposits", new JsonObject().put("amount", 6), () -> new JsonObject().put("amount", 5),
      fields("amount", new Whole(true, 1, 1_000_000_000L)),
      List.of("/payments/wallets/not-a-uuid/deposits", "/payments/wallets/" + wallet.toUpperCase() + "x/deposits", "/payments/wallets/%00/deposits")));
    endpoints.add(endpoint(shop, "/shipping/carrier-promotions", promotion("south"), () -> promotion("north"),
      fields("carrier", new Text(true, 100), "region", new Text(true, 100), "discountPercent", new Whole(true, 1, 100), "until", new Text(true, 40)),
      List.of()));
    List<Route> routes = List.of(
      new Route("/orders", List.of(), List.of("customerId", "minTotal", "status", "limit", "after")),
      new Route("/orders/{}", List.of(order), List.of()),
      new Route("/customers/{}", List.of(inviter), List.of()),
      new Route("/inventory/products/{}", List.of(sku), List.of()),
      new Route("/pricing/products/{}", List.of(sku), List.of()),
      new Route("/payments/wallets/{}", List.of(wallet), List.of()),
      new Route("/promotions/customers/{}/coupons", List.of(inviter), List.of()),
      new Route("/promotions/customers/{}/points", List.of(inviter), List.of()),
      new Route("/shipping/orders/{}", List.of(order), List.of()),
      new Route("/ops/traces/{}", List.of(order), List.of()),
      new Route("/ops/parked", List.of(), List.of("subscription")),
      new Route("/ops/subscriptions", List.of(), List.of()),
      new Route("/cluster", List.of(), List.of()),
      new Route("/dashboard/{}", List.of("index.html"), List.of()),
      new Route("/ready", List.of(), List.of()));
    return new Setup(endpoints, routes);
  }

  /** An endpoint, once a valid request to it with {@code first}, a body no template gives, carried the key the fuzz reuses. */
  private static Endpoint endpoint(Shop shop, String path, JsonObject first, Supplier<JsonObject> template,
                                   Map<String, InvalidRequests.Field> fields, List<String> badPaths) throws Exception {
    String key = "fuzz-" + UUID.randomUUID();
    HttpResponse<String> accepted = shop.post(path, first, null, key);
    assertThat(accepted.statusCode()).as(path + ": " + accepted.body()).isBetween(200, 202);
    return new Endpoint(path, template, fields, key, badPaths);
  }

  private static Map<String, InvalidRequests.Field> fields(Object... pairs) {
    Map<String, InvalidRequests.Field> fields = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      fields.put((String) pairs[i], (InvalidRequests.Field) pairs[i + 1]);
    }
    return fields;
  }

  private static JsonObject customer() {
    return new JsonObject().put("email", "fuzz-" + UUID.randomUUID() + "@example.com").put("name", "Fuzz Customer");
  }

  private static JsonObject promotion(String region) {
    return new JsonObject().put("carrier", "fuzz-carrier-" + UUID.randomUUID()).put("region", region).put("discountPercent", 10)
      .put("until", "2030-01-01T00:00:00Z");
  }

  private static boolean caughtUp(NodeProcess node) {
    return LocalCluster.caughtUp(node, 16, LocalCluster.cluster(node).getJsonObject("subscriptions").fieldNames().toArray(String[]::new));
  }

  private static Map<String, Long> eventCounts(DatabaseUrl database) throws Exception {
    Map<String, Long> counts = new TreeMap<>();
    try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.jdbcProperties());
         Statement statement = connection.createStatement()) {
      for (String context : CONTEXTS) {
        try (ResultSet rows = statement.executeQuery("select count(*) from " + context + ".events")) {
          rows.next();
          counts.put(context, rows.getLong(1));
        }
      }
    }
    return counts;
  }
}
