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
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The order flow across node JVMs: inventory, payments, orders, shipping and pricing on three nodes, orders
 * placed concurrently (many must fail for stock or funds) while a node is killed and restarted; then every
 * invariant is checked against a recount from the contexts' logs. Size: {@code -Dchorus.chaos.orders}
 * (600 as the suite runs it; the chaos profile runs 2,000). Seed: {@code -Dchorus.chaos.seed}.
 */
class OrderFlowIT {

  private static final String ALL = "inventory,payments,orders,shipping,pricing";
  private static final int PARTITIONS = 16;
  private static final int SKUS = 50;
  private static final int CUSTOMERS = 200;
  private static final String[] ORDER_SUBSCRIPTIONS = {"orders.inventory", "orders.payments", "inventory.orders",
    "payments.orders", "shipping.orders"};

  @TempDir
  Path work;
  private LocalCluster cluster;

  /** An order as the test placed it: its lines (sku → quantity) and customer. */
  private record Placed(String customerId, Map<String, Long> lines) {
  }

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
    assertReadModelMatches(up.get(0), audit, load.customers());
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
    assertReadModelMatches(a, audit, load.customers());
  }

  /** Orders being placed from a seeded random load: the products and customers it uses, what it asked and answered. */
  private record Load(List<String> skus, List<String> customers, Map<String, Placed> requests, AtomicInteger progress,
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
    List<String> skus = stockProducts(up, random);
    List<String> customers = fundCustomers(up, random);
    awaitCatalogueKnown(catalogue);
    Map<String, Placed> requests = new LinkedHashMap<>();
    List<ClusterClient.Post> posts = orderPosts(count, skus, customers, random, requests);
    AtomicInteger progress = new AtomicInteger();
    return new Load(skus, customers, requests, progress, CompletableFuture.supplyAsync(() -> ClusterClient.postAll(up, posts, 16, progress)));
  }

  /** Waits for every answer, then until every invariant holds; prints the outcomes. */
  private OrderFlowAudit awaitOutcome(String name, Load load, NodeProcess node) throws Exception {
    List<HttpResponse<String>> answers = load.answers().join();
    long lastAnswer = System.nanoTime();
    Map<String, Placed> placed = placedOrders(load.requests(), answers);
    OrderFlowAudit audit = awaitConsistent(node, placed, load.skus(), load.customers());
    System.out.printf("%s: %d placed, %d refused at the desk, %s; every invariant held %d ms after the last answer%n",
      name, placed.size(), answers.size() - placed.size(), outcomes(audit), (System.nanoTime() - lastAnswer) / 1_000_000);
    return audit;
  }

  /** The orders the desk took (202), by id; the others must have been refused for stock (422). */
  private static Map<String, Placed> placedOrders(Map<String, Placed> requests, List<HttpResponse<String>> answers) {
    Map<String, Placed> placed = new HashMap<>();
    List<String> keys = new ArrayList<>(requests.keySet());
    for (int i = 0; i < answers.size(); i++) {
      HttpResponse<String> answer = answers.get(i);
      if (answer.statusCode() == 422) {
        assertThat(new JsonObject(answer.body()).getString("type")).as(answer.body()).endsWith("insufficient-stock");
      } else {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        placed.put(new JsonObject(answer.body()).getString("id"), requests.get(keys.get(i)));
      }
    }
    return placed;
  }

  @Test
  @DisplayName("with payments down orders stay pending; they complete when it returns, or are cancelled with compensations if it returns too late")
  void paymentsDown() throws Exception {
    NodeProcess node = cluster.start("a", "inventory,orders,shipping", "--set", "orders.deadline=PT15S");
    Random random = new Random(1);
    List<String> skus = stockProducts(() -> List.of(node), random);
    String customer = UUID.randomUUID().toString();
    // The wallet is funded before payments goes down: whatever it captures first when it returns is covered.
    NodeProcess funding = cluster.start("payments-before", "payments");
    assertThat(funding.post("/payments/wallets/" + customer + "/deposits", "{\"amount\":1000000}").statusCode()).isEqualTo(200);
    funding.stop();
    Poll.until(Duration.ofSeconds(10), () -> node.post("/payments/wallets/" + customer + "/deposits", "{\"amount\":1}").statusCode() == 404,
      () -> "payments is still hosted somewhere: " + LocalCluster.cluster(node));
    awaitCatalogueKnown(node);

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
    List<String> skus = stockProducts(() -> List.of(a), new Random(2));
    awaitCatalogueKnown(a);
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
    awaitCatalogueKnown(node);
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

  /** 50 products with small stock (3 to 12), prices from 1.00 to 50.00. */
  private static List<String> stockProducts(Supplier<List<NodeProcess>> nodes, Random random) {
    List<ClusterClient.Post> posts = new ArrayList<>();
    List<String> skus = new ArrayList<>();
    for (int i = 0; i < SKUS; i++) {
      String sku = "sku-" + i;
      skus.add(sku);
      posts.add(new ClusterClient.Post("/inventory/products", new JsonObject().put("sku", sku).put("name", "Product " + i)
        .put("price", 100 + random.nextInt(4_900)).put("stock", 3 + random.nextInt(10)), "product-" + sku));
    }
    ClusterClient.postAll(nodes, posts, 8, new AtomicInteger())
      .forEach(answer -> assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201));
    return skus;
  }

  /** 200 customers, each with one or two deposits of up to 200.00 (some with none). */
  private static List<String> fundCustomers(Supplier<List<NodeProcess>> nodes, Random random) {
    List<ClusterClient.Post> posts = new ArrayList<>();
    List<String> customers = new ArrayList<>();
    for (int i = 0; i < CUSTOMERS; i++) {
      String customer = new UUID(random.nextLong(), random.nextLong()).toString();
      customers.add(customer);
      int deposits = random.nextInt(3);
      for (int d = 0; d < deposits; d++) {
        posts.add(new ClusterClient.Post("/payments/wallets/" + customer + "/deposits",
          new JsonObject().put("amount", 1 + random.nextInt(20_000)), "deposit-" + customer + "-" + d));
      }
    }
    ClusterClient.postAll(nodes, posts, 8, new AtomicInteger())
      .forEach(answer -> assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200));
    return customers;
  }

  /** Orders validates against what it has heard from inventory: wait until it has heard everything. */
  private static void awaitCatalogueKnown(NodeProcess node) {
    Poll.until(Duration.ofSeconds(30), () -> LocalCluster.caughtUp(node, PARTITIONS, "orders.inventory"),
      () -> "orders never caught up with inventory: " + LocalCluster.cluster(node));
  }

  private static List<ClusterClient.Post> orderPosts(int count, List<String> skus, List<String> customers, Random random,
                                                     Map<String, Placed> requests) {
    String run = UUID.randomUUID().toString().substring(0, 8);
    List<ClusterClient.Post> posts = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String customer = customers.get(random.nextInt(customers.size()));
      Map<String, Long> lines = new LinkedHashMap<>();
      int size = 1 + random.nextInt(3);
      while (lines.size() < size) {
        lines.put(skus.get(random.nextInt(skus.size())), 1L + random.nextInt(3));
      }
      JsonArray body = new JsonArray();
      lines.forEach((sku, quantity) -> body.add(new JsonObject().put("sku", sku).put("quantity", quantity)));
      String key = "order-" + run + "-" + i;
      posts.add(new ClusterClient.Post("/orders", new JsonObject().put("customerId", customer).put("lines", body), key));
      requests.put(key, new Placed(customer, lines));
    }
    return posts;
  }

  /**
   * Polls until the recount from the logs satisfies every invariant, failing at once on a violation that can
   * never heal (an oversold product, a second capture, a shipment for a failed order).
   */
  private OrderFlowAudit awaitConsistent(NodeProcess node, Map<String, Placed> placed, List<String> skus, List<String> customers)
    throws Exception {
    OrderFlowAudit[] last = {null};
    String[] problem = {"nothing checked yet"};
    Poll.until(Duration.ofSeconds(120), () -> {
      OrderFlowAudit audit = OrderFlowAudit.of(cluster.database());
      last[0] = audit;
      problem[0] = firstProblem(node, audit, placed, skus, customers);
      return problem[0] == null;
    }, () -> "the order flow never became consistent: " + problem[0] + "\n" + LocalCluster.cluster(node));
    return last[0];
  }

  private static String firstProblem(NodeProcess node, OrderFlowAudit audit, Map<String, Placed> placed, List<String> skus,
                                     List<String> customers) throws Exception {
    assertThat(audit.orders.keySet()).as("orders in the log are the orders placed").isEqualTo(placed.keySet());
    for (var entry : placed.entrySet()) {
      String problem = orderProblem(entry.getKey(), entry.getValue(), audit);
      if (problem != null) {
        return problem;
      }
    }
    for (String sku : skus) {
      String problem = productProblem(node.getJson("/inventory/products/" + sku), audit, placed);
      if (problem != null) {
        return problem;
      }
    }
    for (String customer : customers) {
      OrderFlowAudit.Wallet wallet = audit.wallets.getOrDefault(customer, new OrderFlowAudit.Wallet(0, 0, 0));
      long balance = node.getJson("/payments/wallets/" + customer).getLong("balance");
      assertThat(wallet.deposited() - wallet.captured() + wallet.refunded()).as("wallet " + customer + " never negative").isNotNegative();
      if (balance != wallet.deposited() - wallet.captured() + wallet.refunded()) {
        return "wallet " + customer + ": balance " + balance + " but its ledger says " + wallet;
      }
    }
    return null;
  }

  private static String orderProblem(String id, Placed placed, OrderFlowAudit audit) {
    OrderFlowAudit.Order order = audit.orders.get(id);
    assertThat(order.finals()).as("final events of " + id).isLessThanOrEqualTo(1);
    OrderFlowAudit.Money money = audit.money.getOrDefault(id, new OrderFlowAudit.Money(0, 0, 0, 0));
    assertThat(money.captures()).as("captures of " + id).isLessThanOrEqualTo(1);
    assertThat(money.refunds()).as("refunds of " + id).isLessThanOrEqualTo(money.captures());
    int shipments = audit.shipments.getOrDefault(id, 0);
    if (order.status().equals("PENDING")) {
      return "order " + id + " is not final";
    }
    if (order.status().equals("CONFIRMED")) {
      assertThat(money.refunds()).as("refunds of confirmed " + id).isZero();
      assertThat(shipments).as("shipments of " + id).isLessThanOrEqualTo(1);
      if (money.captures() != 1 || money.captured() != order.total()) {
        return "confirmed order " + id + " has no capture of its total " + order.total() + ": " + money;
      }
      for (var line : placed.lines().entrySet()) {
        OrderFlowAudit.Stock stock = audit.stock.get(OrderFlowAudit.stockKey(id, line.getKey()));
        assertThat(stock).as("stock of confirmed " + id + "/" + line.getKey()).isNotNull();
        assertThat(stock.commits()).as("commits of " + id + "/" + line.getKey()).isLessThanOrEqualTo(1);
        assertThat(stock.released()).as("released for confirmed " + id).isZero();
        if (stock.commits() != 1 || stock.committed() != line.getValue() || stock.reserved() != line.getValue()) {
          return "confirmed order " + id + " has not committed " + line + ": " + stock;
        }
      }
      if (shipments != 1) {
        return "confirmed order " + id + " has no shipment yet";
      }
      assertThat(audit.conversations.get(id)).as("correlation ids of the events of confirmed " + id + ", in every context").hasSize(1);
      return null;
    }
    assertThat(shipments).as("shipments of failed " + id).isZero();
    for (String sku : placed.lines().keySet()) {
      OrderFlowAudit.Stock stock = audit.stock.getOrDefault(OrderFlowAudit.stockKey(id, sku), new OrderFlowAudit.Stock(0, 0, 0, 0));
      assertThat(stock.committed()).as("stock committed for failed " + id).isZero();
      if (stock.reserved() != stock.released()) {
        return order.status().toLowerCase() + " order " + id + " still holds " + sku + ": " + stock;
      }
    }
    return money.captured() == money.refunded() ? null
      : order.status().toLowerCase() + " order " + id + " is still charged: " + money;
  }

  private static String productProblem(JsonObject product, OrderFlowAudit audit, Map<String, Placed> placed) {
    String sku = product.getString("sku");
    OrderFlowAudit.Product log = audit.products.get(sku);
    long sold = placed.entrySet().stream().filter(e -> audit.orders.get(e.getKey()).status().equals("CONFIRMED"))
      .mapToLong(e -> e.getValue().lines().getOrDefault(sku, 0L)).sum();
    long available = product.getLong("available");
    long reserved = product.getLong("reserved");
    assertThat(available).as(sku + " available").isNotNegative();
    assertThat(reserved).as(sku + " reserved").isNotNegative();
    assertThat(log.committed()).as(sku + " never oversold").isLessThanOrEqualTo(log.initial() + log.restocked());
    assertThat(available + reserved + product.getLong("sold")).as(sku + ": initial + restocks = available + reserved + sold")
      .isEqualTo(log.initial() + log.restocked());
    if (reserved != 0 || product.getLong("sold") != log.committed() || log.committed() != sold) {
      return sku + ": " + product.encode() + ", committed in its log " + log.committed() + ", sold to confirmed orders " + sold;
    }
    return null;
  }

  /** Every query of the orders read model answers what a recount from the log answers. */
  private static void assertReadModelMatches(NodeProcess node, OrderFlowAudit audit, List<String> customers) throws Exception {
    for (String status : List.of("CONFIRMED", "REJECTED", "CANCELLED", "PENDING")) {
      assertThat(search(node, "status=" + status)).as("orders " + status)
        .isEqualTo(idsWhere(audit, o -> o.status().equals(status)));
    }
    long[] totals = audit.orders.values().stream().mapToLong(OrderFlowAudit.Order::total).sorted().toArray();
    long median = totals[totals.length / 2];
    assertThat(search(node, "minTotal=" + median)).as("orders of at least " + median)
      .isEqualTo(idsWhere(audit, o -> o.total() >= median));
    for (String customer : customers.subList(0, 10)) {
      assertThat(search(node, "customerId=" + customer + "&status=CONFIRMED")).as("confirmed orders of " + customer)
        .isEqualTo(idsWhere(audit, o -> o.customerId().equals(customer) && o.status().equals("CONFIRMED")));
    }
  }

  private static Set<String> idsWhere(OrderFlowAudit audit, java.util.function.Predicate<OrderFlowAudit.Order> filter) {
    return audit.orders.values().stream().filter(filter).map(OrderFlowAudit.Order::id).collect(Collectors.toSet());
  }

  /** Every id the search answers, following its pages of 50. */
  private static Set<String> search(NodeProcess node, String query) throws Exception {
    Set<String> ids = new HashSet<>();
    String after = null;
    do {
      String page = "/orders?limit=50&" + query + (after == null ? "" : "&after=" + URLEncoder.encode(after, StandardCharsets.UTF_8));
      HttpResponse<String> response = node.get(page);
      assertThat(response.statusCode()).as(page + ": " + response.body()).isEqualTo(200);
      JsonObject answer = new JsonObject(response.body());
      answer.getJsonArray("items").forEach(item -> assertThat(ids.add(((JsonObject) item).getString("id"))).as("no order twice").isTrue());
      after = answer.getString("next");
    } while (after != null);
    return ids;
  }

  private static String outcomes(OrderFlowAudit audit) {
    Map<String, Long> counts = audit.orders.values().stream()
      .collect(Collectors.groupingBy(OrderFlowAudit.Order::status, java.util.TreeMap::new, Collectors.counting()));
    return counts.toString();
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
