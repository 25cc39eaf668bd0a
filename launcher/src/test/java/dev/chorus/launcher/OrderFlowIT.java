package dev.chorus.launcher;

import dev.chorus.testkit.Poll;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The order flow across node JVMs: inventory, payments, orders, shipping and pricing on three nodes, orders
 * placed concurrently (many must fail for stock or funds) while a node is killed and restarted; then every
 * invariant is checked against a recount from the contexts' logs. Size: {@code -Dchorus.chaos.orders}
 * (600 as the suite runs it; the chaos profile runs 2,000). Seed: {@code -Dchorus.chaos.seed}.
 */
class OrderFlowIT {

  private static final String ALL = "inventory,payments,orders,shipping,pricing";
  private static final int PARTITIONS = OrderFlowLoad.PARTITIONS;
  private static final String[] ORDER_SUBSCRIPTIONS = {"orders.inventory", "orders.payments", "inventory.orders",
    "payments.orders", "shipping.orders"};

  @TempDir
  Path work;
  private LocalCluster cluster;

  @BeforeEach
  void cluster() {
    cluster = new LocalCluster(work);
  }

  @AfterEach
  void stopAll() throws Exception {
    cluster.close();
  }

  @Test
  @DisplayName("no oversold product, no wrong charge, one shipment per confirmed order, through a kill -9 and a restart")
  void invariantsHoldThroughChaos() throws Exception {
    NodeProcess a = cluster.start("a", ALL);
    NodeProcess b = cluster.start("b", ALL);
    NodeProcess c = cluster.start("c", ALL);
    List<NodeProcess> up = new CopyOnWriteArrayList<>(List.of(a, b, c));
    Load load = startLoad("order flow", () -> up, a);
    load.awaitProgress(load.size() / 3);
    up.remove(c);
    c.kill();
    up.add(cluster.start("c-again", ALL));

    OrderFlowAudit audit = awaitOutcome("order flow", load, a);
    assertThat(audit.orders.values()).as("the load must exercise both outcomes")
      .anyMatch(o -> o.status().equals("CONFIRMED")).anyMatch(o -> o.status().equals("REJECTED"));
    OrderFlowInvariants.assertReadModelMatches(up.get(0), audit, load.customers());
  }

  @Test
  @DisplayName("the database killed with -9 twice under load: the invariants hold afterwards and nothing is parked")
  void invariantsHoldThroughDatabaseCrashes() throws Exception {
    NodeProcess a = cluster.start("a", ALL);
    NodeProcess b = cluster.start("b", ALL);
    Load load = startLoad("database crashes", () -> List.of(a, b), a);
    for (int crash = 1; crash <= 2; crash++) {
      load.awaitProgress(crash * load.size() / 3);
      RunningPostgres server = RunningPostgres.find(work.resolve("chorus-data/postgres")).orElseThrow();
      assertThat(new ProcessBuilder("kill", "-9", Long.toString(server.pid())).inheritIO().start().waitFor()).isZero();
    }

    OrderFlowAudit audit = awaitOutcome("database crashes", load, a);
    assertThat(new JsonArray(a.get("/ops/parked").body())).as("parked events").isEmpty();
    assertThat(a.output() + b.output()).contains("had stopped; it runs again");
    OrderFlowInvariants.assertReadModelMatches(a, audit, load.customers());
  }

  /** Orders being placed from a seeded random load: the products and customers it uses, what it asked and answered. */
  private record Load(List<String> skus, List<String> customers, Map<String, OrderFlowLoad.Placed> requests, AtomicInteger progress,
                      CompletableFuture<List<HttpResponse<String>>> answers) {
    int size() {
      return requests.size();
    }

    void awaitProgress(int answered) {
      Poll.until(Duration.ofSeconds(120), () -> progress.get() >= answered, () -> "load stalled at " + progress.get());
    }
  }

  /** Stocks products and funds customers, then places {@code -Dchorus.chaos.orders} orders through {@code up}, 16 at a time. */
  private Load startLoad(String name, Supplier<List<NodeProcess>> up, NodeProcess catalogue) {
    int count = Integer.getInteger("chorus.chaos.orders", 600);
    long seed = Long.getLong("chorus.chaos.seed", System.nanoTime());
    System.out.printf("%s: %d orders, seed %d (-Dchorus.chaos.seed=%d to rerun)%n", name, count, seed, seed);
    Random random = new Random(seed);
    List<String> skus = OrderFlowLoad.stockProducts(up, random);
    List<String> customers = OrderFlowLoad.fundCustomers(up, random);
    OrderFlowLoad.awaitCatalogueKnown(catalogue);
    Map<String, OrderFlowLoad.Placed> requests = new LinkedHashMap<>();
    List<ClusterClient.Post> posts = OrderFlowLoad.orderPosts(count, skus, customers, random, requests);
    AtomicInteger progress = new AtomicInteger();
    return new Load(skus, customers, requests, progress, CompletableFuture.supplyAsync(() -> ClusterClient.postAll(up, posts, 16, progress)));
  }

  /** Waits for every answer, then until every invariant holds; prints the outcomes. */
  private OrderFlowAudit awaitOutcome(String name, Load load, NodeProcess node) throws Exception {
    List<HttpResponse<String>> answers = load.answers().join();
    long lastAnswer = System.nanoTime();
    Map<String, OrderFlowLoad.Placed> placed = OrderFlowLoad.placedOrders(load.requests(), answers);
    OrderFlowAudit audit = OrderFlowInvariants.awaitConsistent(cluster.database(), node, placed, load.skus(), load.customers());
    System.out.printf("%s: %d placed, %d refused at the desk, %s; every invariant held %d ms after the last answer%n",
      name, placed.size(), answers.size() - placed.size(), OrderFlowInvariants.outcomes(audit), (System.nanoTime() - lastAnswer) / 1_000_000);
    return audit;
  }

  @Test
  @DisplayName("with payments down orders stay pending; they complete when it returns, or are cancelled with compensations if it returns too late")
  void paymentsDown() throws Exception {
    NodeProcess node = cluster.start("a", "inventory,orders,shipping", "--set", "orders.deadline=PT15S");
    Random random = new Random(1);
    List<String> skus = OrderFlowLoad.stockProducts(() -> List.of(node), random);
    String customer = UUID.randomUUID().toString();
    // The wallet is funded before payments goes down: whatever it captures first when it returns is covered.
    NodeProcess funding = cluster.start("payments-before", "payments");
    assertThat(funding.post("/payments/wallets/" + customer + "/deposits", "{\"amount\":1000000}").statusCode()).isEqualTo(200);
    funding.stop();
    Poll.until(Duration.ofSeconds(10), () -> node.post("/payments/wallets/" + customer + "/deposits", "{\"amount\":1}").statusCode() == 404,
      () -> "payments is still hosted somewhere: " + LocalCluster.cluster(node));
    OrderFlowLoad.awaitCatalogueKnown(node);

    List<String> late = placeSmallOrders(node, customer, skus.subList(0, 5));
    awaitReserved(node, late);
    assertThat(statuses(node, late)).as("no payment, no outcome yet").containsOnly("PENDING");
    Poll.until(Duration.ofSeconds(40), () -> statuses(node, late).stream().allMatch("CANCELLED"::equals),
      () -> "the deadline did not cancel: " + statuses(node, late));
    List<String> onTime = placeSmallOrders(node, customer, skus.subList(5, 10));
    awaitReserved(node, onTime);
    assertThat(statuses(node, onTime)).containsOnly("PENDING");

    NodeProcess payments = cluster.start("payments", "payments");
    Poll.until(Duration.ofSeconds(30), () -> statuses(node, onTime).stream().allMatch("CONFIRMED"::equals),
      () -> "orders did not complete once payments returned: " + statuses(node, onTime));
    Poll.until(Duration.ofSeconds(30), () -> LocalCluster.caughtUp(payments, PARTITIONS, "payments.orders")
      && LocalCluster.caughtUp(node, PARTITIONS, ORDER_SUBSCRIPTIONS), () -> "never caught up: " + LocalCluster.cluster(node));

    OrderFlowAudit audit = OrderFlowAudit.of(cluster.database());
    for (String id : late) {
      OrderFlowAudit.Money money = audit.money.getOrDefault(id, new OrderFlowAudit.Money(0, 0, 0, 0));
      assertThat(money.captured() - money.refunded()).as("net charge of cancelled order " + id).isZero();
      assertThat(audit.conversations.get(id)).as("correlation ids of cancelled " + id + " (its deadline's cancellation and the"
        + " compensations continue its placement's conversation), in every context").hasSize(1);
    }
    long charged = onTime.stream().mapToLong(id -> audit.orders.get(id).total()).sum();
    assertThat(payments.getJson("/payments/wallets/" + customer).getLong("balance")).isEqualTo(1_000_000 - charged);
    for (String sku : skus.subList(0, 10)) {
      JsonObject product = node.getJson("/inventory/products/" + sku);
      assertThat(product.getLong("reserved")).as(sku + " holds nothing").isZero();
    }
    for (String id : onTime) {
      assertThat(node.get("/shipping/orders/" + id).statusCode()).as("shipment of " + id).isEqualTo(200);
    }
    for (String id : late) {
      assertThat(node.get("/shipping/orders/" + id).statusCode()).as("no shipment for cancelled " + id).isEqualTo(404);
    }
  }

  @Test
  @DisplayName("an order's deadline fires even when the node that took the order died")
  void deadlineOutlivesItsNode() throws Exception {
    NodeProcess a = cluster.start("a", "inventory,orders", "--set", "orders.deadline=PT5S");
    NodeProcess b = cluster.start("b", "orders", "--set", "orders.deadline=PT5S");
    List<String> skus = OrderFlowLoad.stockProducts(() -> List.of(a), new Random(2));
    OrderFlowLoad.awaitCatalogueKnown(a);
    List<String> orders = placeSmallOrders(b, UUID.randomUUID().toString(), skus.subList(0, 10));
    awaitReserved(a, orders);
    b.kill();

    Poll.until(Duration.ofSeconds(40), () -> statuses(a, orders).stream().allMatch("CANCELLED"::equals),
      () -> "deadlines set on the dead node never fired: " + statuses(a, orders));
    Poll.until(Duration.ofSeconds(20), () -> {
      for (String sku : skus.subList(0, 10)) {
        if (a.getJson("/inventory/products/" + sku).getLong("reserved") != 0) {
          return false;
        }
      }
      return true;
    }, () -> "stock of cancelled orders never released");
  }

  @Test
  @DisplayName("SIGTERM while an order waits for its outcome (Prefer: wait=20): the request is answered in full, then the node exits 0")
  void sigtermAnswersTheRequestsInFlight() throws Exception {
    NodeProcess node = cluster.start("a", "inventory,orders");
    assertThat(node.post("/inventory/products", new JsonObject().put("sku", "tea").put("name", "Tea").put("price", 450).put("stock", 5)
      .encode()).statusCode()).isEqualTo(201);
    OrderFlowLoad.awaitCatalogueKnown(node);
    String customer = UUID.randomUUID().toString();
    HttpRequest waiting = HttpRequest.newBuilder(URI.create(node.baseUrl() + "/orders")).timeout(Duration.ofSeconds(40))
      .header("Content-Type", "application/json").header("Prefer", "wait=20")
      .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("customerId", customer)
        .put("lines", new JsonArray().add(new JsonObject().put("sku", "tea").put("quantity", 1))).encode()))
      .build();
    CompletableFuture<HttpResponse<String>> answer = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
      .sendAsync(waiting, HttpResponse.BodyHandlers.ofString());
    Poll.until(Duration.ofSeconds(10), () -> node.getJson("/orders?customerId=" + customer).getJsonArray("items").size() == 1,
      () -> "the order was never placed");
    String id = node.getJson("/orders?customerId=" + customer).getJsonArray("items").getJsonObject(0).getString("id");
    assertThat(answer).as("no payments context: the order cannot be final yet").isNotDone();

    assertThat(node.terminate(Duration.ofSeconds(30))).isZero();

    HttpResponse<String> answered = answer.get(5, TimeUnit.SECONDS);
    assertThat(answered.statusCode()).as(answered.body()).isEqualTo(202);
    assertThat(answered.headers().firstValue("Location")).contains("/orders/" + id);
    assertThat(new JsonObject(answered.body())).isEqualTo(new JsonObject().put("id", id).put("status", "PENDING"));
  }

  private static List<String> placeSmallOrders(NodeProcess node, String customer, List<String> skus) throws Exception {
    List<String> ids = new ArrayList<>();
    for (String sku : skus) {
      HttpResponse<String> answer = node.post("/orders", new JsonObject().put("customerId", customer)
        .put("lines", new JsonArray().add(new JsonObject().put("sku", sku).put("quantity", 1))).encode());
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
      ids.add(new JsonObject(answer.body()).getString("id"));
    }
    return ids;
  }

  /** Waits until inventory has reserved stock for the orders and orders has heard of it. */
  private static void awaitReserved(NodeProcess node, List<String> orders) {
    Poll.until(Duration.ofSeconds(20), () -> {
      for (String id : orders) {
        JsonArray history = node.getJson("/orders/" + id).getJsonArray("history");
        if (history.stream().noneMatch(h -> "PAYMENT_REQUESTED".equals(((JsonObject) h).getString("status")))) {
          return false;
        }
      }
      return true;
    }, () -> "stock never reserved for " + orders);
  }

  private static List<String> statuses(NodeProcess node, List<String> orders) {
    List<String> statuses = new ArrayList<>();
    for (String id : orders) {
      try {
        statuses.add(node.getJson("/orders/" + id).getString("status"));
      } catch (Exception e) {
        statuses.add(e.toString());
      }
    }
    return statuses;
  }
}
