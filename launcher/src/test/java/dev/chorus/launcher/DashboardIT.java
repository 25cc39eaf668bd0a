package dev.chorus.launcher;

import dev.chorus.platform.db.DatabaseUrl;
import dev.chorus.platform.eventstore.Partitioner;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard in a real browser (headless Chromium) against a two-node cluster from the jar: both members shown, an
 * order's journey across four contexts, a parked event retried from the page, a killed node gone from the page; and,
 * with {@code --auth jwt}, the page's token: nothing shown without an operator's, every refusal shown on the page.
 * Keeps its screenshot in {@code target/dashboard.png}.
 */
class DashboardIT {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final Path SCREENSHOT = Path.of("target", "dashboard.png");
  private static final String OTHER_CLUSTERS_KEY = "a-key-of-another-cluster-that-is-long-enough-0123456789";
  /** Anything the page shows of the cluster. */
  private static final String CLUSTER_DATA = "#members tbody tr, #rates > *, #subscriptions > *, #parked tbody tr, #journey > *";

  @TempDir
  Path work;

  @Test
  @DisplayName("members, an order's journey, a parked event retried and a killed node, live in a real browser")
  void dashboardInABrowser() throws Exception {
    try (LocalCluster cluster = new LocalCluster(work); HeadlessChromium chromium = HeadlessChromium.start(work)) {
      NodeProcess front = cluster.start("front", "customers,orders,pricing,promotions", "--log-format", "json");
      NodeProcess back = cluster.start("back", "inventory,payments,shipping");
      HeadlessChromium.Tab page = chromium.open(front.baseUrl() + "/");

      page.await("document.querySelectorAll('#members tbody tr').length === 2", Duration.ofSeconds(20), "the page never showed both members");
      assertThat(String.valueOf(page.evaluate("[...document.querySelectorAll('#members td.databases')].map(td => td.textContent).sort().join(' | ')")))
        .as("each member's database and the contexts it keeps there")
        .isEqualTo("embedded (customers, orders, pricing, promotions) | embedded (inventory, payments, shipping)");
      long before = ((Number) page.evaluate("Number(document.body.dataset.updatedAt)")).longValue();
      Duration update = page.await("Number(document.body.dataset.updatedAt) > " + before, Duration.ofSeconds(5), "the page stopped updating");
      long snapshotLatency = ((Number) page.evaluate("Number(document.body.dataset.snapshotLatencyMs)")).longValue();

      String order = confirmedOrder(front, back);
      page.evaluate("document.getElementById('journey-id').value = '" + order + "';"
        + " document.querySelector('#journey-form button').click(); true");
      page.await("['orders', 'inventory', 'payments', 'shipping'].every(c => document.querySelector('#journey-events tr[data-context=\"' + c + '\"]'))",
        Duration.ofSeconds(20), "the journey view never showed events of orders, inventory, payments and shipping");
      Object shown = page.evaluate("[...document.querySelectorAll('#journey-events tbody tr td:nth-child(3)')].map(td => td.textContent).join(' ')");
      assertThat((String) shown).contains("OrderPlaced", "PaymentCaptured", "OrderConfirmed", "ShipmentScheduled");

      UUID poisoned = parkedRegistration(cluster.database());
      page.await("!!document.querySelector('#parked tr[data-event=\"" + poisoned + "\"]')", Duration.ofSeconds(30),
        "the parked registration never appeared on the page");
      page.screenshot(SCREENSHOT);
      UUID customer = repairRegistration(cluster.database(), poisoned);
      page.evaluate("document.querySelector('#parked tr[data-event=\"" + poisoned + "\"] button[data-action=\"retry\"]').click(); true");
      page.await("document.getElementById('parked-result').textContent.includes('done')", Duration.ofSeconds(30),
        "the retry from the page did not complete");
      page.await("!document.querySelector('#parked tr[data-event=\"" + poisoned + "\"]')", Duration.ofSeconds(10),
        "the retried event stayed on the page");
      assertThat(front.get("/promotions/customers/" + customer + "/coupons").body()).as("the retried registration's coupon").contains("WELCOME");
      assertThat(front.output()).as("the parking, logged as JSON with its correlation id")
        .containsPattern("\"mdc\": ?\\{\"correlationId\":\"" + poisoned + "\"\\}.*parked " + poisoned);

      Instant killed = Instant.now();
      back.kill();
      Duration gone = page.await("document.querySelectorAll('#members tbody tr').length === 1", Duration.ofSeconds(20),
        "the killed node stayed on the page");
      System.out.printf("dashboard: screenshot %s; updates every %d ms (snapshot %d ms old when drawn); a killed node gone from the page"
          + " after %d ms (%s)%n", SCREENSHOT.toAbsolutePath(), update.toMillis(), snapshotLatency, gone.toMillis(), killed);
      assertThat(update).as("time between two updates of the page").isLessThan(Duration.ofMillis(1500));
    }
  }

  @Test
  @DisplayName("with --auth jwt the page shows nothing until given an operator's token, shows each refusal (none, forged, a customer's,"
    + " expired), and with an operator's shows the cluster, a journey's link, a retry and a skip, and asks again for a retry refused as"
    + " expired; the token in no URL, storage or log")
  void operatorTokenInABrowser() throws Exception {
    try (LocalCluster cluster = new LocalCluster(work); HeadlessChromium chromium = HeadlessChromium.start(work)) {
      NodeProcess front = cluster.start("front", "customers,orders,pricing,promotions", "--auth", "jwt");
      NodeProcess back = cluster.start("back", "inventory,payments,shipping", "--auth", "jwt");
      String operator = JarCommand.run(work, "token", "--data-dir", work.resolve("chorus-data").toString(), "--subject", "ops-team",
        "--role", "operator", "--ttl", "PT10M");
      String customer = JarCommand.run(work, "token", "--data-dir", work.resolve("chorus-data").toString(), "--subject",
        UUID.randomUUID().toString(), "--role", "customer", "--ttl", "PT10M");
      String forged = SignedTokens.hs256(OTHER_CLUSTERS_KEY, operatorClaims(600));
      String order = confirmedOrder(front.withToken(operator), back.withToken(operator));
      List<String> nodes = List.of(front.nodeId().substring(0, 8), back.nodeId().substring(0, 8));
      HeadlessChromium.Tab page = chromium.open(front.baseUrl() + "/#journey=" + order);

      awaitRefused(page, "this resource needs a bearer token", "the page without a token", nodes);
      giveToken(page, forged);
      awaitRefused(page, "not signed with this cluster's key", "a token signed with another cluster's key", nodes);
      giveToken(page, customer);
      awaitRefused(page, "only an operator may do this", "a customer's token", nodes);

      List<String> expiringTokens = streamedUntilExpired(page, SecretFile.read(NodeSecurity.defaultJwtKey(work.resolve("chorus-data"))), nodes);
      String expiring = expiringTokens.get(expiringTokens.size() - 1);
      giveToken(page, expiring);
      awaitRefused(page, "the bearer token has expired", "an expired token given anew", nodes);

      int requestsBefore = page.requests().size();
      giveToken(page, operator);
      page.await("document.querySelectorAll('#members tbody tr').length === 2", Duration.ofSeconds(20),
        "an operator's token did not show both members");
      long before = ((Number) page.evaluate("Number(document.body.dataset.updatedAt)")).longValue();
      page.await("Number(document.body.dataset.updatedAt) > " + before, Duration.ofSeconds(5), "the page stopped updating");
      page.await("!!document.querySelector('#subscriptions [data-subscription=\"shipping.orders\"] .partition')", Duration.ofSeconds(10),
        "the page showed no partitions of shipping.orders");
      page.await("['orders', 'inventory', 'payments', 'shipping'].every(c => document.querySelector('#journey-events tr[data-context=\"' + c + '\"]'))",
        Duration.ofSeconds(20), "the journey the page's link names was not shown once the operator's token was given");

      UUID retried = parkedRegistration(cluster.database());
      UUID skipped = parkedRegistration(cluster.database());
      page.await("!!document.querySelector('#parked tr[data-event=\"" + retried + "\"]') && !!document.querySelector('#parked tr[data-event=\""
        + skipped + "\"]')", Duration.ofSeconds(30), "the parked registrations never appeared on the page");
      UUID repaired = repairRegistration(cluster.database(), retried);
      act(page, retried, "retry");
      act(page, skipped, "skip");
      assertThat(front.withToken(operator).get("/promotions/customers/" + repaired + "/coupons").body()).as("the retried registration's coupon")
        .contains("WELCOME");

      List<JsonObject> asked = page.requests().subList(requestsBefore, page.requests().size()).stream()
        .filter(request -> request.getString("url").startsWith(front.baseUrl() + "/ops/")).toList();
      assertThat(asked).as("the page's requests to /ops once given the operator's token")
        .extracting(request -> URI.create(request.getString("url")).getPath().replaceAll("[0-9a-f-]{36}", "<id>"))
        .contains("/ops/stream", "/ops/traces/<id>", "/ops/parked/promotions.registrations/<id>/retry",
          "/ops/parked/promotions.registrations/<id>/skip");
      assertThat(asked).as("requests to /ops the page sent without the operator's token")
        .filteredOn(request -> !("Bearer " + operator).equals(request.getJsonObject("headers").getString("Authorization")))
        .extracting(request -> request.getString("method") + " " + request.getString("url")).isEmpty();

      // The page's token expires under it while it still shows the cluster (the second between the stream's end at the
      // token's expiry and the page's next request): a retry clicked then is refused, and the page asks for a token.
      UUID refused = parkedRegistration(cluster.database());
      String refusedRow = "#parked tr[data-event=\"" + refused + "\"]";
      page.await("!!document.querySelector('" + refusedRow + "')", Duration.ofSeconds(30),
        "the third parked registration never appeared on the page");
      page.evaluate("sessionStorage.setItem('chorus.token', " + Json.encode(expiring) + "); true");
      page.evaluate("document.querySelector('" + refusedRow + " button[data-action=\"retry\"]').click(); true");
      awaitRefused(page, "the bearer token has expired", "a retry sent with a token that has expired", nodes);
      giveToken(page, operator);
      page.await("!!document.querySelector('" + refusedRow + "')", Duration.ofSeconds(30),
        "the registration whose retry was refused was not shown parked once the operator's token was given again");

      List<String> tokens = new ArrayList<>(List.of(operator, customer, forged));
      tokens.addAll(expiringTokens);
      assertThat(page.requests()).as("requests whose URL carries a token").extracting(request -> request.getString("url"))
        .allSatisfy(url -> assertThat(tokens).noneMatch(url::contains));
      assertThat(page.evaluate("[localStorage.length, document.cookie, document.getElementById('token').value, sessionStorage.getItem('chorus.token')]"))
        .as("what the page keeps: local storage, cookies, the token's field, this tab's session storage")
        .isEqualTo(new JsonArray(List.of(0, "", "", operator)));
      assertThat(front.output() + back.output()).as("the nodes' logs").doesNotContain(tokens);
    }
  }

  /** Types {@code token} into the page's token form and submits it. */
  private static void giveToken(HeadlessChromium.Tab page, String token) throws Exception {
    page.evaluate("document.getElementById('token').value = " + Json.encode(token) + ";"
      + " document.querySelector('#token-form button').click(); true");
  }

  /**
   * Gives the page operators' tokens that expire, each living twice as long as the one before, until the page showed both
   * members with one before it expired; waits until the page, streaming with it, asks for a token again as it expires.
   * However slow the machine, a token then expired under a page that streamed with it. Returns the tokens given, that one
   * last.
   */
  private static List<String> streamedUntilExpired(HeadlessChromium.Tab page, String key, List<String> nodes) throws Exception {
    List<String> given = new ArrayList<>();
    for (long life = 15; ; life *= 2) {
      String expiring = SignedTokens.hs256(key, operatorClaims(life));
      given.add(expiring);
      giveToken(page, expiring);
      Duration untilRefused = Duration.ofSeconds(life + 30);
      page.await("document.querySelectorAll('#members tbody tr').length === 2 || !document.getElementById('token-form').hidden", untilRefused,
        "an operator's token valid for " + life + " s neither showed both members nor was refused");
      if (Boolean.TRUE.equals(page.evaluate("document.querySelectorAll('#members tbody tr').length === 2"))) {
        awaitRefused(page, "the bearer token has expired", "an operator's token valid for " + life + " s once it expired, on the page that"
          + " streamed with it", nodes, untilRefused);
        System.out.printf("dashboard: an operator's token valid for %d s expired under the page that streamed with it (%d given)%n", life,
          given.size());
        return given;
      }
      awaitRefused(page, "the bearer token has expired", "an operator's token valid for " + life + " s, expired before the page showed"
        + " both members", nodes);
    }
  }

  /** Waits until the page asks for a token saying {@code detail}; it then shows nothing of the cluster and keeps no token. */
  private static void awaitRefused(HeadlessChromium.Tab page, String detail, String what, List<String> nodes) throws Exception {
    awaitRefused(page, detail, what, nodes, Duration.ofSeconds(30));
  }

  private static void awaitRefused(HeadlessChromium.Tab page, String detail, String what, List<String> nodes, Duration timeout)
    throws Exception {
    page.await("!document.getElementById('token-form').hidden && document.getElementById('token-problem').textContent.includes("
      + Json.encode(detail) + ")", timeout, what + " was not refused on the page with '" + detail + "'");
    assertThat(page.evaluate("document.getElementById('connection').textContent")).as(what).isEqualTo("needs an operator token");
    assertThat(page.evaluate("document.querySelectorAll('" + CLUSTER_DATA + "').length")).as("what the page shows of the cluster after " + what)
      .isEqualTo(0);
    assertThat((String) page.evaluate("document.body.innerText")).as("the page after " + what).doesNotContain(nodes);
    assertThat(page.evaluate("sessionStorage.length + localStorage.length")).as("tokens the page keeps after " + what).isEqualTo(0);
  }

  /** Clicks {@code action} on the parked event's row and waits until it is done and the event has left the page. */
  private static void act(HeadlessChromium.Tab page, UUID event, String action) throws Exception {
    String row = "#parked tr[data-event=\"" + event + "\"]";
    page.evaluate("document.querySelector('" + row + " button[data-action=\"" + action + "\"]').click(); true");
    page.await("document.getElementById('parked-result').textContent.startsWith('" + action + " " + event.toString().substring(0, 8) + ": done')",
      Duration.ofSeconds(30), "the " + action + " from the page did not complete");
    page.await("!document.querySelector('" + row + "')", Duration.ofSeconds(10), "the event the page's " + action + " handled stayed on the page");
  }

  private static JsonObject operatorClaims(long validSeconds) {
    return new JsonObject().put("sub", "ops-team").put("role", "operator").put("exp", System.currentTimeMillis() / 1000 + validSeconds);
  }

  private static String confirmedOrder(NodeProcess front, NodeProcess back) throws Exception {
    Shop inventory = new Shop(back);
    String sku = Shop.stockedProduct(inventory, new Shop(front), 300, 20);
    String customer = inventory.fundedCustomer(10_000);
    HttpResponse<String> placed = HTTP.send(front.request("/orders")
      .header("Content-Type", "application/json").header("Prefer", "wait=10")
      .POST(HttpRequest.BodyPublishers.ofString(Shop.order(customer, sku, 1).encode())).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);
    return new JsonObject(placed.body()).getString("id");
  }

  /** A registration in customers' log that promotions cannot read (its customer id is not one): parked after its attempts. */
  private static UUID parkedRegistration(DatabaseUrl url) throws Exception {
    UUID eventId = UUID.randomUUID();
    String stream = "customer-" + eventId;
    try (Connection db = DriverManager.getConnection(url.jdbcUrl(), url.jdbcProperties());
         PreparedStatement insert = db.prepareStatement("insert into customers.events (stream_id, version, event_id, type, payload, metadata,"
           + " partition) values (?, 1, ?, 'customers.CustomerRegistered.v1', ?::jsonb, ?::jsonb, ?)")) {
      insert.setString(1, stream);
      insert.setObject(2, eventId);
      insert.setString(3, new JsonObject().put("customerId", "not-a-customer-id").put("email", eventId + "@example.com").put("name", "P")
        .put("invitedBy", null).put("registeredAt", Instant.now().toString()).encode());
      insert.setString(4, new JsonObject().put("correlationId", eventId.toString()).encode());
      insert.setInt(5, new Partitioner(Partitioner.DEFAULT_PARTITIONS).partitionOf(stream));
      insert.executeUpdate();
    }
    return eventId;
  }

  /**
   * Mends the parked copy of the registration (the fault, say, of a producer since fixed), as an operator would before
   * retrying it; returns its customer.
   */
  private static UUID repairRegistration(DatabaseUrl url, UUID eventId) throws Exception {
    UUID customer = UUID.randomUUID();
    String payload = new JsonObject().put("customerId", customer.toString()).put("email", eventId + "@example.com").put("name", "P")
      .put("invitedBy", null).put("registeredAt", Instant.now().toString()).encode();
    try (Connection db = DriverManager.getConnection(url.jdbcUrl(), url.jdbcProperties());
         PreparedStatement update = db.prepareStatement("update promotions.parked_events set event = jsonb_set(event, '{payload}', to_jsonb(?::text))"
           + " where event_id = ?")) {
      update.setString(1, payload);
      update.setObject(2, eventId);
      assertThat(update.executeUpdate()).isEqualTo(1);
    }
    return customer;
  }
}
