package dev.chorus.launcher;

import dev.chorus.launcher.InvalidRequests.Endpoint;
import dev.chorus.launcher.InvalidRequests.Id;
import dev.chorus.launcher.InvalidRequests.Lines;
import dev.chorus.launcher.InvalidRequests.Text;
import dev.chorus.launcher.InvalidRequests.Whole;
import dev.chorus.platform.db.DatabaseUrl;
import dev.chorus.testkit.Poll;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
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
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Generated invalid requests to every write endpoint of a node hosting every context: each is refused with a 4xx,
 * none is accepted, no context's log gains an event, and the node stays ready. The seed is printed; rerun one
 * with {@code -Dchorus.fuzz.seed=N}.
 */
class InputFuzzIT {

  private static final String[] CONTEXTS = {"customers", "promotions", "inventory", "payments", "orders", "shipping", "pricing"};
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @TempDir
  Path work;
  private LocalCluster cluster;

  @AfterEach
  void stop() throws Exception {
    cluster.close();
  }

  @Test
  @DisplayName("10,000 generated invalid requests across every write endpoint: 0 answered 5xx, 0 accepted, 0 events appended, node ready")
  void invalidRequestsAreRefused() throws Exception {
    long seed = Long.getLong("chorus.fuzz.seed", System.nanoTime());
    int count = Integer.getInteger("chorus.fuzz.requests", 10_000);
    System.out.printf("fuzz: seed %d (rerun with -Dchorus.fuzz.seed=%d)%n", seed, seed);
    cluster = new LocalCluster(work);
    NodeProcess node = cluster.start("a", String.join(",", CONTEXTS));
    List<Endpoint> endpoints = endpoints(node);
    Poll.until(Duration.ofSeconds(30), () -> caughtUp(node), () -> "the setup's events were never all processed: " + LocalCluster.cluster(node));
    Map<String, Long> before = eventCounts(cluster.database());

    InvalidRequests generator = new InvalidRequests(endpoints, seed);
    Map<Integer, Integer> statuses = new TreeMap<>();
    Map<String, Integer> kinds = new TreeMap<>();
    List<String> wrong = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      InvalidRequests.Request request = generator.next();
      int status = send(node, request);
      statuses.merge(status, 1, Integer::sum);
      kinds.merge(request.kind(), 1, Integer::sum);
      if ((status < 400 || status >= 500) && wrong.size() < 10) {
        wrong.add(status + " for " + request.describe());
      }
    }
    System.out.printf("fuzz: %d invalid requests, answers %s, kinds %s%n", count, statuses, kinds);

    assertThat(wrong).as("requests not refused with a 4xx").isEmpty();
    assertThat(node.get("/ready").statusCode()).isEqualTo(200);
    Poll.until(Duration.ofSeconds(30), () -> caughtUp(node), () -> "subscriptions did not settle: " + LocalCluster.cluster(node));
    assertThat(eventCounts(cluster.database())).as("events in every context's log").isEqualTo(before);
    assertThat(new JsonArray(node.get("/ops/parked").body())).as("parked events").isEmpty();
  }

  /** Every write endpoint with a body it accepts, after a valid request to each with a key the fuzz reuses. */
  private static List<Endpoint> endpoints(NodeProcess node) throws Exception {
    Shop shop = new Shop(node);
    String inviter = new JsonObject(shop.post("/customers", customer(), null, null).body()).getString("id");
    String sku = shop.stockedProduct(100, 1_000);
    String wallet = shop.fundedCustomer(10_000);
    List<Endpoint> endpoints = new ArrayList<>();
    endpoints.add(endpoint(shop, "/customers", customer().put("invitedBy", inviter), customer(),
      fields("email", new Text(true, 254), "name", new Text(true, 200), "invitedBy", new Id(false)), List.of()));
    endpoints.add(endpoint(shop, "/inventory/products", Shop.product(Shop.sku(), 100, 10), Shop.product(Shop.sku(), 200, 20),
      fields("sku", new Text(true, 64), "name", new Text(true, 200), "price", new Whole(true, 0, 1_000_000_000L),
        "stock", new Whole(true, 0, 1_000_000_000L)), List.of()));
    endpoints.add(endpoint(shop, "/inventory/products/" + sku + "/restock", new JsonObject().put("quantity", 5), new JsonObject().put("quantity", 6),
      fields("quantity", new Whole(true, 1, 1_000_000_000L)),
      List.of("/inventory/products/" + "s".repeat(65) + "/restock", "/inventory/products/bad.sku/restock", "/inventory/products/%00/restock")));
    endpoints.add(endpoint(shop, "/orders", Shop.order(wallet, sku, 1), Shop.order(wallet, sku, 2),
      fields("customerId", new Id(true), "lines", new Lines(true, 100, fields("sku", new Text(true, 64), "quantity", new Whole(true, 1, 1_000_000L)))),
      List.of()));
    endpoints.add(endpoint(shop, "/payments/wallets/" + wallet + "/deposits", new JsonObject().put("amount", 5), new JsonObject().put("amount", 6),
      fields("amount", new Whole(true, 1, 1_000_000_000L)),
      List.of("/payments/wallets/not-a-uuid/deposits", "/payments/wallets/" + wallet.toUpperCase() + "x/deposits", "/payments/wallets/%00/deposits")));
    endpoints.add(endpoint(shop, "/shipping/carrier-promotions", promotion("north"), promotion("south"),
      fields("carrier", new Text(true, 100), "region", new Text(true, 100), "discountPercent", new Whole(true, 1, 100), "until", new Text(true, 40)),
      List.of()));
    return endpoints;
  }

  private static Endpoint endpoint(Shop shop, String path, JsonObject valid, JsonObject other, Map<String, InvalidRequests.Field> fields,
                                   List<String> badPaths) throws Exception {
    String key = "fuzz-" + UUID.randomUUID();
    HttpResponse<String> first = shop.post(path, valid, null, key);
    assertThat(first.statusCode()).as(path + ": " + first.body()).isBetween(200, 202);
    return new Endpoint(path, valid, fields, key, other, badPaths);
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
    return new JsonObject().put("carrier", "fuzz-carrier").put("region", region).put("discountPercent", 10).put("until", "2030-01-01T00:00:00Z");
  }

  private static int send(NodeProcess node, InvalidRequests.Request request) throws Exception {
    HttpRequest.Builder http = HttpRequest.newBuilder(URI.create(node.baseUrl() + request.path())).timeout(Duration.ofSeconds(10))
      .header("Content-Type", request.contentType()).POST(HttpRequest.BodyPublishers.ofByteArray(request.body()));
    if (request.idempotencyKey() != null) {
      http.header("Idempotency-Key", request.idempotencyKey());
    }
    return HTTP.send(http.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
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
