package dev.chorus.bench;

import dev.chorus.platform.db.DatabaseUrl;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Orders placed at a fixed rate against a cluster of node JVMs, each hosting inventory, payments, orders,
 * shipping and pricing (shared embedded database, or {@code --db URL}). Every other order is sent without
 * waiting (its latency is the time to {@code 202}: placed); the others with {@code Prefer: wait=30} (their
 * latency is the time to {@code 201}: final — stock reserved, payment captured, order confirmed, across
 * three contexts' logs). Orders are spread over the nodes; products have enough stock and wallets enough
 * money for most orders to be confirmed, a few customers have none (their orders are rejected).
 * <p>
 * A warm-up at the same rate comes first (the JIT compiler alone takes most of a core for the first minute
 * on a small machine); its orders are not counted.
 * <p>
 * The last line ends with the cost of a confirmed order in the measured window (and the drain after it):
 * PostgreSQL transactions, statements, node CPU and PostgreSQL CPU, from {@link WorkCounters}.
 * <p>
 * Options: {@code --jar launcher/target/chorus.jar}, {@code --nodes 1}, {@code --rate 500}, {@code --seconds 20},
 * {@code --warmup 30}, {@code --products 200}, {@code --customers 1000}, {@code --db}, {@code --db-connections 16}.
 */
final class OrdersBenchmark {

  private static final String CONTEXTS = "inventory,payments,orders,shipping,pricing";
  /** After the last answer, what was accepted still completes (and the server's statistics are flushed) before the counters are read. */
  private static final int DRAIN_SECONDS = 3;

  private OrdersBenchmark() {
  }

  static void run(BenchOptions options) throws Exception {
    Path jar = Path.of(options.string("jar", "launcher/target/chorus.jar"));
    int nodeCount = options.integer("nodes", 1);
    int rate = options.integer("rate", 500);
    int seconds = options.integer("seconds", 20);
    int warmup = options.integer("warmup", 30);
    int products = options.integer("products", 200);
    int customers = options.integer("customers", 1_000);
    Path work = Files.createTempDirectory("chorus-orders");
    List<String> common = new ArrayList<>(List.of("--cluster-config", BenchCluster.config(work).toString(),
      "--data-dir", work.resolve("data").toString(), "--contexts", CONTEXTS));
    String db = options.string("db", "embedded");
    if (!db.equals("embedded")) {
      common.addAll(List.of("--db", db));
    }
    int dbConnections = options.integer("db-connections", 16);
    common.addAll(List.of("--db-connections", Integer.toString(dbConnections)));
    System.out.printf("orders benchmark: %d nodes, rate %d/s for %d s after %d s of warm-up, %d products, %d customers, %d cores,"
        + " %d database connections per node%n",
      nodeCount, rate, seconds, warmup, products, customers, Runtime.getRuntime().availableProcessors(), dbConnections);
    List<BenchNode> nodes = new ArrayList<>();
    try {
      for (int i = 0; i < nodeCount; i++) {
        nodes.add(BenchNode.start(jar, work, "node-" + i, common));
      }
      Latencies health = new Latencies(2_000);
      for (int i = 0; i < 2_000; i++) {
        long begin = System.nanoTime();
        nodes.get(0).status("/health");
        health.record(System.nanoTime() - begin);
      }
      Random random = new Random(42);
      List<String> skus = stock(nodes.get(0), products, rate * (seconds + warmup), random);
      List<String> wallets = fund(nodes.get(0), customers);
      awaitCatalogue(nodes.get(0), skus);
      WorkCounters counters = db.equals("embedded") ? WorkCounters.embedded(work.resolve("data"), nodes)
        : WorkCounters.external(DatabaseUrl.parse(db), nodes);

      AtomicInteger failures = new AtomicInteger();
      place(nodes, skus, wallets, rate, warmup, random, new Latencies(rate * warmup), new Latencies(rate * warmup), failures);
      long confirmedBefore = count(nodes.get(0), "CONFIRMED");
      long failedBefore = count(nodes.get(0), "REJECTED") + count(nodes.get(0), "CANCELLED");
      Latencies placed = new Latencies(rate * seconds);
      Latencies finals = new Latencies(rate * seconds);
      WorkCounters.Reading before = counters.read();
      long begin = System.nanoTime();
      place(nodes, skus, wallets, rate, seconds, random, placed, finals, failures);
      double achieved = rate * seconds / ((System.nanoTime() - begin) / 1e9);
      TimeUnit.SECONDS.sleep(DRAIN_SECONDS);
      WorkCounters.Reading cost = counters.read().minus(before);
      long confirmed = count(nodes.get(0), "CONFIRMED") - confirmedBefore;

      System.out.printf("reference: HTTP round trip to a node, p50 %.2f ms, p99 %.2f ms%n", health.percentileMillis(50), health.percentileMillis(99));
      if (failures.get() > 0) {
        System.out.printf("failed requests (no answer or 5xx): %d%n", failures.get());
      }
      System.out.printf("orders: rate %.0f/s, placed p99 %.1f ms, final p50 %.1f ms, final p99 %.1f ms, confirmed %d, rejected %d | %s%n",
        achieved, placed.percentileMillis(99), finals.percentileMillis(50), finals.percentileMillis(99), confirmed,
        count(nodes.get(0), "REJECTED") + count(nodes.get(0), "CANCELLED") - failedBefore, cost.per(confirmed, "confirmed order"));
    } finally {
      for (int i = nodes.size() - 1; i >= 0; i--) {
        nodes.get(i).close();
      }
    }
  }

  /** Products with stock for every order the run could place on them. */
  private static List<String> stock(BenchNode node, int count, int orders, Random random) throws Exception {
    List<String> skus = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String sku = "bench-" + i;
      JsonObject product = new JsonObject().put("sku", sku).put("name", "Product " + i).put("price", 100 + random.nextInt(9_900))
        .put("stock", 10L * orders / count + 100);
      expect(node.post("/inventory/products", product.encode(), null), 201);
      skus.add(sku);
    }
    return skus;
  }

  /** Wallets with plenty of money, except one in twenty that has none. */
  private static List<String> fund(BenchNode node, int count) throws Exception {
    List<String> wallets = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String customer = UUID.randomUUID().toString();
      if (i % 20 != 0) {
        expect(node.post("/payments/wallets/" + customer + "/deposits", "{\"amount\":1000000000}", null), 200);
      }
      wallets.add(customer);
    }
    return wallets;
  }

  /** Orders knows products from inventory's events: wait until it has heard of the last one. */
  private static void awaitCatalogue(BenchNode node, List<String> skus) throws Exception {
    String probe = order(UUID.randomUUID().toString(), List.of(skus.get(skus.size() - 1)), new Random(1)).encode();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (node.post("/orders", probe, null).statusCode() == 422) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("orders never heard of the products");
      }
      TimeUnit.MILLISECONDS.sleep(20);
    }
  }

  private static void place(List<BenchNode> nodes, List<String> skus, List<String> wallets, int rate, int seconds, Random random,
                            Latencies placed, Latencies finals, AtomicInteger failures) throws Exception {
    int total = rate * seconds;
    List<String> bodies = new ArrayList<>(total);
    for (int i = 0; i < total; i++) {
      List<String> lines = new ArrayList<>();
      int size = 1 + random.nextInt(3);
      while (lines.size() < size) {
        String sku = skus.get(random.nextInt(skus.size()));
        if (!lines.contains(sku)) {
          lines.add(sku);
        }
      }
      bodies.add(order(wallets.get(random.nextInt(wallets.size())), lines, random).encode());
    }
    ScheduledExecutorService clock = Executors.newScheduledThreadPool(1);
    AtomicInteger sent = new AtomicInteger();
    List<CompletableFuture<?>> all = new ArrayList<>(total);
    CompletableFuture<Void> allSent = new CompletableFuture<>();
    clock.scheduleAtFixedRate(() -> {
      int n = sent.getAndIncrement();
      if (n >= total) {
        allSent.complete(null);
        return;
      }
      boolean waits = n % 2 == 1;
      long begin = System.nanoTime();
      CompletableFuture<?> request = nodes.get(n % nodes.size()).postAsync("/orders", bodies.get(n), waits ? "wait=30" : null)
        .handle((response, failure) -> {
          long took = System.nanoTime() - begin;
          if (failure != null || response.statusCode() >= 500) {
            failures.incrementAndGet();
          } else if (waits && response.statusCode() == 201) {
            finals.record(took);
          } else if (!waits && response.statusCode() == 202) {
            placed.record(took);
          }
          return null;
        });
      synchronized (all) {
        all.add(request);
      }
    }, 0, 1_000_000_000L / rate, TimeUnit.NANOSECONDS);
    allSent.join();
    clock.shutdown();
    synchronized (all) {
      CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
    }
  }

  private static JsonObject order(String customer, List<String> skus, Random random) {
    JsonArray lines = new JsonArray();
    skus.forEach(sku -> lines.add(new JsonObject().put("sku", sku).put("quantity", 1 + random.nextInt(3))));
    return new JsonObject().put("customerId", customer).put("lines", lines);
  }

  /** How many orders ended with this status, counted through the orders query (pages of 500). */
  private static long count(BenchNode node, String status) throws Exception {
    long count = 0;
    String after = null;
    do {
      String page = "/orders?limit=500&status=" + status + (after == null ? "" : "&after=" + URLEncoder.encode(after, StandardCharsets.UTF_8));
      JsonObject answer = new JsonObject(node.get(page));
      count += answer.getJsonArray("items").size();
      after = answer.getString("next");
    } while (after != null);
    return count;
  }

  private static void expect(HttpResponse<String> response, int status) {
    if (response.statusCode() != status) {
      throw new IllegalStateException("expected " + status + ", got " + response.statusCode() + " " + response.body());
    }
  }
}
