package dev.chorus.launcher;

import dev.chorus.platform.db.DatabaseUrl;
import dev.chorus.platform.eventstore.Partitioner;
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
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard in a real browser (headless Chromium) against a two-node cluster from the jar: both members shown, an
 * order's journey across four contexts, a parked event retried from the page, a killed node gone from the page.
 * Keeps its screenshot in {@code target/dashboard.png}.
 */
class DashboardIT {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final Path SCREENSHOT = Path.of("target", "dashboard.png");

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

  private static String confirmedOrder(NodeProcess front, NodeProcess back) throws Exception {
    Shop inventory = new Shop(back);
    String sku = Shop.stockedProduct(inventory, new Shop(front), 300, 20);
    String customer = inventory.fundedCustomer(10_000);
    HttpResponse<String> placed = HTTP.send(HttpRequest.newBuilder(URI.create(front.baseUrl() + "/orders"))
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
