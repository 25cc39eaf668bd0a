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

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node started with {@code --auth jwt}, from the jar: every route of every context and of the node, called with no
 * token, another customer's, its own customer's and an operator's, answers what its rule says — and a refused request
 * writes nothing (no context appends an event).
 */
class AuthorizationIT {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final String ALL = "customers,inventory,orders,payments,pricing,promotions,shipping";
  private static final String[] SCHEMAS = ALL.split(",");

  @TempDir
  static Path work;
  private static LocalCluster cluster;
  private static NodeProcess node;
  private static String operator;
  private static String own;
  private static String other;
  private static String customer;
  private static String otherCustomer;
  private static String sku;
  private static String order;

  /** Who calls. */
  enum As { NOBODY, OTHER_CUSTOMER, OWN_CUSTOMER, OPERATOR }

  /** One route, and what each caller gets. */
  record Row(String method, String path, Supplier<JsonObject> body, int nobody, int otherCustomer, int ownCustomer, int operator) {

    int expected(As as) {
      return switch (as) {
        case NOBODY -> nobody;
        case OTHER_CUSTOMER -> otherCustomer;
        case OWN_CUSTOMER -> ownCustomer;
        case OPERATOR -> operator;
      };
    }
  }

  @BeforeAll
  static void startNode() throws Exception {
    cluster = new LocalCluster(work);
    node = cluster.start("jwt-node", ALL, "--auth", "jwt");
    operator = token("ops-team", "operator", "PT10M");
    otherCustomer = register("other");
    customer = register("own");
    own = token(customer, "customer", "PT10M");
    other = token(otherCustomer, "customer", "PT10M");
    sku = Shop.sku();
    HttpResponse<String> added = send(operator, "POST", "/inventory/products", Shop.product(sku, 250, 50));
    assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
    assertThat(send(own, "POST", "/payments/wallets/" + customer + "/deposits", new JsonObject().put("amount", 10_000)).statusCode())
      .isEqualTo(200);
    Poll.until(Duration.ofSeconds(30), () -> {
      HttpResponse<String> placed = send(own, "POST", "/orders", Shop.order(customer, sku, 2));
      if (placed.statusCode() == 202) {
        order = new JsonObject(placed.body()).getString("id");
      }
      return order != null;
    }, () -> "orders never heard of " + sku);
    Poll.until(Duration.ofSeconds(30), () -> send(operator, "GET", "/shipping/orders/" + order, null).statusCode() == 200,
      () -> "order " + order + " was never shipped");
    awaitQuiet();
  }

  @AfterAll
  static void stopNode() throws Exception {
    cluster.close();
  }

  @Test
  @DisplayName("every route answers each caller as its rule says, and nothing refused is written")
  void everyRuleOfEveryRoute() throws Exception {
    List<Row> table = table();
    List<String> mismatches = new ArrayList<>();
    for (Row row : table) { // every refusal first, while nothing else moves the logs
      for (As as : As.values()) {
        if (row.expected(as) == 401 || row.expected(as) == 403) {
          long before = events();
          HttpResponse<String> response = send(token(as), row.method(), row.path(), row.body().get());
          check(row, as, response, mismatches);
          assertThat(response.headers().firstValue("Content-Type")).as(row.path()).contains("application/problem+json");
          long after = events();
          if (after != before) {
            mismatches.add(row.method() + " " + row.path() + " as " + as + " was refused but the logs grew by " + (after - before));
          }
        }
      }
    }
    for (Row row : table) {
      for (As as : As.values()) {
        if (row.expected(as) != 401 && row.expected(as) != 403) {
          check(row, as, send(token(as), row.method(), row.path(), row.body().get()), mismatches);
        }
      }
    }
    assertThat(mismatches).as("route × caller answers other than the rules'").isEmpty();
  }

  @Test
  @DisplayName("the dashboard's page is static; what it shows streams to operators only")
  void dashboardForOperators() throws Exception {
    assertThat(send(null, "GET", "/", null).body()).contains("<title>Chorus</title>");
    assertThat(send(null, "GET", "/ops/stream", null).statusCode()).isEqualTo(401);
    assertThat(send(own, "GET", "/ops/stream", null).statusCode()).isEqualTo(403);
    HttpResponse<java.io.InputStream> streaming = HTTP.send(HttpRequest.newBuilder(URI.create(node.baseUrl() + "/ops/stream"))
      .header("Authorization", "Bearer " + operator).build(), HttpResponse.BodyHandlers.ofInputStream());
    try (java.io.InputStream events = streaming.body()) {
      assertThat(streaming.statusCode()).isEqualTo(200);
      assertThat(new String(events.readNBytes(15), StandardCharsets.UTF_8)).isEqualTo("event: snapshot");
    }
  }

  @Test
  @DisplayName("an expired token, one signed with another key and a malformed header are refused with 401")
  void badTokensAreUnauthenticated() throws Exception {
    Path elsewhere = work.resolve("elsewhere");
    Files.createDirectories(elsewhere);
    Path otherKey = elsewhere.resolve("other.key");
    SecretFile.writeOnce(otherKey, "a-key-of-another-cluster-that-is-long-enough-0123456789");
    String forged = run("token", "--jwt-key", otherKey.toString(), "--subject", "ops-team", "--role", "operator");
    String expiring = token("ops-team", "operator", "PT1S");
    Poll.until(Duration.ofSeconds(10), () -> send(expiring, "GET", "/ops/parked", null).statusCode() == 401,
      () -> "a token of one second was still accepted after it expired");

    HttpResponse<String> expired = send(expiring, "GET", "/ops/parked", null);
    HttpResponse<String> wronglySigned = send(forged, "GET", "/ops/parked", null);
    HttpResponse<String> basic = HTTP.send(HttpRequest.newBuilder(URI.create(node.baseUrl() + "/ops/parked"))
      .header("Authorization", "Basic b3BzOm9wcw==").build(), HttpResponse.BodyHandlers.ofString());

    assertThat(new JsonObject(expired.body()).getString("detail")).isEqualTo("the bearer token has expired");
    assertThat(wronglySigned.statusCode()).isEqualTo(401);
    assertThat(new JsonObject(wronglySigned.body()).getString("detail")).contains("not signed with this cluster's key");
    assertThat(basic.statusCode()).isEqualTo(401);
    assertThat(basic.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"chorus\"");
  }

  @Test
  @DisplayName("a token signed with the cluster's key but with a malformed or future time claim is refused with 401 naming the claim")
  void malformedClaimsAreUnauthenticated() throws Exception {
    long now = System.currentTimeMillis() / 1000;
    String key = SecretFile.read(NodeSecurity.defaultJwtKey(work.resolve("chorus-data")));
    JsonObject valid = new JsonObject().put("sub", "ops-team").put("role", "operator").put("exp", now + 600);
    record Case(JsonObject claims, String detail) {
    }
    List<Case> cases = List.of(
      new Case(valid.copy().put("exp", "4102444800"), "the bearer token is not valid: its expiry (exp) is not a number of seconds since 1970 before the year 10000"),
      new Case(valid.copy().put("exp", new JsonArray().add(now + 600)), "the bearer token is not valid: its expiry (exp) is not a number of seconds since 1970 before the year 10000"),
      new Case(valid.copy().put("iat", "yesterday"), "the bearer token is not valid: its issue time (iat) is not a number of seconds since 1970 before the year 10000"),
      new Case(valid.copy().put("nbf", now + 3600), "the bearer token is not valid yet: its not-before time (nbf) is"),
      new Case(valid.copy().put("iat", now + 3600), "the bearer token is not valid: its issue time (iat) is"));
    for (Case bad : cases) {
      HttpResponse<String> answer = send(SignedTokens.hs256(key, bad.claims()), "GET", "/ops/parked", null);
      assertThat(answer.statusCode()).as(bad.claims().encode() + ": " + answer.body()).isEqualTo(401);
      assertThat(new JsonObject(answer.body()).getString("detail")).as(bad.claims().encode()).startsWith(bad.detail());
    }
    assertThat(send(SignedTokens.hs256(key, valid), "GET", "/ops/parked", null).statusCode()).as("the same token, well formed").isEqualTo(200);
  }

  @Test
  @DisplayName("an Idempotency-Key belongs to its caller: two customers' same key are two deposits; without a token a key must be a random UUID")
  void idempotencyKeysBelongToTheirCaller() throws Exception {
    String key = "dep-" + UUID.randomUUID();
    HttpResponse<String> owns = keyed(own, "/payments/wallets/" + customer + "/deposits", new JsonObject().put("amount", 7), key);
    HttpResponse<String> others = keyed(other, "/payments/wallets/" + otherCustomer + "/deposits", new JsonObject().put("amount", 7), key);
    HttpResponse<String> ownAgain = keyed(own, "/payments/wallets/" + customer + "/deposits", new JsonObject().put("amount", 7), key);

    assertThat(owns.statusCode()).as(owns.body()).isEqualTo(200);
    assertThat(others.statusCode()).as("another customer's deposit with the same key: " + others.body()).isEqualTo(200);
    assertThat(others.headers().firstValue("Idempotent-Replayed")).contains("false");
    assertThat(ownAgain.headers().firstValue("Idempotent-Replayed")).as("the first customer's retry").contains("true");

    JsonObject signUp = new JsonObject().put("email", "keyed-" + UUID.randomUUID() + "@example.com").put("name", "Keyed");
    awaitQuiet();
    long before = events();
    HttpResponse<String> guessable = keyed(null, "/customers", signUp, "signup-1");
    assertThat(guessable.statusCode()).as(guessable.body()).isEqualTo(400);
    assertThat(new JsonObject(guessable.body()).getString("type")).endsWith("/invalid-idempotency-key");
    assertThat(events()).as("events after a refused sign-up").isEqualTo(before);
    String random = UUID.randomUUID().toString();
    assertThat(keyed(null, "/customers", signUp, random).statusCode()).isEqualTo(201);
    assertThat(keyed(null, "/customers", signUp, random).headers().firstValue("Idempotent-Replayed")).as("a retry with the random key")
      .contains("true");
    awaitQuiet();
  }

  private static HttpResponse<String> keyed(String token, String path, JsonObject body, String key) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(node.baseUrl() + path)).timeout(Duration.ofSeconds(10))
      .header("Content-Type", "application/json").header("Idempotency-Key", key).POST(HttpRequest.BodyPublishers.ofString(body.encode()));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  @DisplayName("another customer's order or shipment is answered as an unknown one is: the answers do not tell what exists")
  void othersResourcesLookUnknown() throws Exception {
    for (String resource : List.of("/orders/", "/shipping/orders/")) {
      String unknown = UUID.randomUUID().toString();
      HttpResponse<String> others = send(other, "GET", resource + order, null);
      HttpResponse<String> missing = send(other, "GET", resource + unknown, null);
      assertThat(others.statusCode()).as(resource).isEqualTo(missing.statusCode()).isEqualTo(404);
      assertThat(others.body().replace(order, "<id>")).as(resource).isEqualTo(missing.body().replace(unknown, "<id>"));
    }
  }

  @Test
  @DisplayName("the parked command needs an operator's token from a node with --auth jwt")
  void parkedCommandTakesAToken() throws Exception {
    Process refused = command("parked", "list", "--node", node.baseUrl());
    Process customerRefused = command("parked", "list", "--node", node.baseUrl(), "--token", own);
    Process listed = command("parked", "list", "--node", node.baseUrl(), "--token", operator);

    assertThat(output(refused)).contains("the node answered 401");
    assertThat(exit(refused)).isEqualTo(1);
    assertThat(output(customerRefused)).contains("the node answered 403: only an operator may do this");
    assertThat(exit(customerRefused)).isEqualTo(1);
    assertThat(output(listed)).contains("no parked events");
    assertThat(exit(listed)).isZero();
  }

  private static List<Row> table() {
    String other = otherCustomer;
    return List.of(
      new Row("POST", "/customers", () -> new JsonObject().put("email", UUID.randomUUID() + "@example.com").put("name", "N"), 201, 201, 201, 201),
      new Row("GET", "/customers/" + customer, () -> null, 401, 403, 200, 200),
      new Row("GET", "/customers/" + other, () -> null, 401, 200, 403, 200),
      new Row("POST", "/inventory/products", () -> Shop.product(Shop.sku(), 100, 5), 401, 403, 403, 201),
      new Row("POST", "/inventory/products/" + sku + "/restock", () -> new JsonObject().put("quantity", 1), 401, 403, 403, 200),
      new Row("GET", "/inventory/products/" + sku, () -> null, 401, 403, 403, 200),
      new Row("GET", "/pricing/products/" + sku, () -> null, 401, 200, 200, 200),
      new Row("POST", "/orders", () -> Shop.order(customer, sku, 1), 401, 403, 202, 202),
      new Row("GET", "/orders/" + order, () -> null, 401, 404, 200, 200),
      new Row("GET", "/orders/" + UUID.randomUUID(), () -> null, 401, 404, 404, 404),
      new Row("GET", "/orders?customerId=" + customer, () -> null, 401, 403, 200, 200),
      new Row("POST", "/payments/wallets/" + customer + "/deposits", () -> new JsonObject().put("amount", 5), 401, 403, 200, 200),
      new Row("GET", "/payments/wallets/" + customer, () -> null, 401, 403, 200, 200),
      new Row("GET", "/promotions/customers/" + customer + "/coupons", () -> null, 401, 403, 200, 200),
      new Row("GET", "/promotions/customers/" + customer + "/points", () -> null, 401, 403, 200, 200),
      new Row("POST", "/shipping/carrier-promotions", () -> new JsonObject().put("carrier", "fast").put("region", "north")
        .put("discountPercent", 10).put("until", "2099-01-01T00:00:00Z"), 401, 403, 403, 201),
      new Row("GET", "/shipping/orders/" + order, () -> null, 401, 404, 200, 200),
      new Row("GET", "/shipping/orders/" + UUID.randomUUID(), () -> null, 401, 404, 404, 404),
      new Row("GET", "/ops/subscriptions", () -> null, 401, 403, 403, 200),
      new Row("POST", "/ops/subscriptions/shipping.orders/replay", () -> null, 401, 403, 403, 409),
      new Row("GET", "/ops/parked", () -> null, 401, 403, 403, 200),
      new Row("POST", "/ops/parked/shipping.orders/" + UUID.randomUUID() + "/retry", () -> null, 401, 403, 403, 404),
      new Row("GET", "/ops/traces/" + order, () -> null, 401, 403, 403, 200),
      new Row("GET", "/cluster", () -> null, 401, 403, 403, 200),
      new Row("GET", "/metrics", () -> null, 401, 403, 403, 200),
      new Row("GET", "/health", () -> null, 200, 200, 200, 200),
      new Row("GET", "/ready", () -> null, 200, 200, 200, 200));
  }

  private static void check(Row row, As as, HttpResponse<String> response, List<String> mismatches) {
    if (response.statusCode() != row.expected(as)) {
      mismatches.add(row.method() + " " + row.path() + " as " + as + ": " + response.statusCode() + " (expected " + row.expected(as) + ") "
        + response.body().lines().findFirst().orElse(""));
    }
  }

  private static String token(As as) {
    return switch (as) {
      case NOBODY -> null;
      case OTHER_CUSTOMER -> other;
      case OWN_CUSTOMER -> own;
      case OPERATOR -> operator;
    };
  }

  private static HttpResponse<String> send(String token, String method, String path, JsonObject body) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(node.baseUrl() + path)).timeout(Duration.ofSeconds(20))
      .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.encode()));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String register(String name) throws IOException, InterruptedException {
    HttpResponse<String> registered = send(null, "POST", "/customers",
      new JsonObject().put("email", name + "-" + UUID.randomUUID() + "@example.com").put("name", name));
    assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
    return new JsonObject(registered.body()).getString("id");
  }

  /** Every event of every context's log. */
  private static long events() throws SQLException {
    DatabaseUrl url = cluster.database();
    try (Connection db = DriverManager.getConnection(url.jdbcUrl(), url.jdbcProperties()); Statement statement = db.createStatement()) {
      long count = 0;
      for (String schema : SCHEMAS) {
        try (ResultSet rows = statement.executeQuery("select count(*) from " + schema + ".events")) {
          rows.next();
          count += rows.getLong(1);
        }
      }
      return count;
    }
  }

  /** Until the logs stop growing (unchanged over ten polls, a second): the fixture's requests have had every effect. */
  private static void awaitQuiet() {
    long[] last = {-1, 0};
    Poll.until(Duration.ofSeconds(30), () -> {
      long now = events();
      last[1] = now == last[0] ? last[1] + 1 : 0;
      last[0] = now;
      return last[1] >= 10;
    }, () -> "the logs kept growing");
  }

  private static String token(String subject, String role, String ttl) throws Exception {
    return run("token", "--data-dir", work.resolve("chorus-data").toString(), "--subject", subject, "--role", role, "--ttl", ttl);
  }

  private static String run(String... args) {
    return JarCommand.run(work, args);
  }

  private static Process command(String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
      Path.of(System.getProperty("chorus.jar", "target/chorus.jar")).toAbsolutePath().toString()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }

  private static int exit(Process process) throws InterruptedException {
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return process.exitValue();
  }

  private static String output(Process process) throws IOException {
    return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
  }
}
