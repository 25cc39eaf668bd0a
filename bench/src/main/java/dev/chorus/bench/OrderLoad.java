package dev.chorus.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
 * Orders placed at a fixed rate (open loop) against node JVMs hosting inventory, payments, orders, shipping and
 * pricing, spread over the nodes. Every other order is sent without waiting (its latency is the time to
 * {@code 202}: placed); the others with {@code Prefer: wait=30} (their latency is the time to {@code 201}: final —
 * stock reserved, payment captured, order confirmed, across three contexts' logs). Products have enough stock and
 * wallets enough money for most orders to be confirmed; one customer in twenty has none (their orders are rejected).
 */
final class OrderLoad {

  /** After the last answer of a window, what was accepted still completes (and the server's statistics are flushed). */
  private static final int DRAIN_SECONDS = 3;

  /** What a window of orders came to: answered rate, latencies, outcomes and what the machine did for them. */
  record Window(double rate, double placedP99, double finalP50, double finalP99, long offered, long confirmed, long rejected,
                Failures failures, WorkCounters.Reading cost) {

    /** Every order answered and settled, none failed, the final p99 under {@code p99Millis}. */
    boolean sustained(double p99Millis) {
      return failures.total() == 0 && confirmed + rejected >= offered && finalP99 < p99Millis;
    }

    /** The window's totals as a cost profile of {@code nodes} nodes, for {@code bench capacity}. */
    CostProfile profile(int nodes) {
      return CostProfile.of(nodes, offered / rate, confirmed + rejected, cost);
    }

    String line() {
      return String.format("rate %.0f/s, placed p99 %.1f ms, final p50 %.1f ms, final p99 %.1f ms, confirmed %d, rejected %d%s", rate,
        placedP99, finalP50, finalP99, confirmed, rejected, failures.describe());
    }
  }

  private final List<BenchNode> nodes;
  private final List<String> skus;
  private final List<String> wallets;
  private final Random random;

  private OrderLoad(List<BenchNode> nodes, List<String> skus, List<String> wallets, Random random) {
    this.nodes = nodes;
    this.skus = skus;
    this.wallets = wallets;
    this.random = random;
  }

  /** Products with stock for {@code orders} orders and funded wallets, added through the first node and known to orders. */
  static OrderLoad prepare(List<BenchNode> nodes, int products, int customers, long orders) throws Exception {
    Random random = new Random(42);
    List<String> skus = stock(nodes.get(0), products, orders, random);
    List<String> wallets = fund(nodes.get(0), customers);
    awaitCatalogue(nodes.get(0), skus);
    return new OrderLoad(nodes, skus, wallets, random);
  }

  /** Orders at {@code rate} for {@code seconds}, not counted. */
  void warmUp(int rate, int seconds) throws Exception {
    place(rate, seconds, new Latencies(rate * seconds), new Latencies(rate * seconds), new Failures());
  }

  /** Orders at {@code rate}, not counted, until the nodes' JIT compilers have settled ({@link Compilers#warmUp}). */
  String warmUpUntilCompiled(int rate, int minSeconds, int maxSeconds) throws Exception {
    return Compilers.warmUp(nodes, rate, minSeconds, maxSeconds, seconds -> warmUp(rate, seconds));
  }

  /** Orders at {@code rate} for {@code seconds}, measured, then a drain; {@code counters} are read before and after. */
  Window measure(int rate, int seconds, WorkCounters counters) throws Exception {
    long confirmedBefore = count("CONFIRMED");
    long rejectedBefore = count("REJECTED") + count("CANCELLED");
    Latencies placed = new Latencies(rate * seconds);
    Latencies finals = new Latencies(rate * seconds);
    Failures failures = new Failures();
    WorkCounters.Reading before = counters.read();
    long begin = System.nanoTime();
    place(rate, seconds, placed, finals, failures);
    double achieved = rate * seconds / ((System.nanoTime() - begin) / 1e9);
    TimeUnit.SECONDS.sleep(DRAIN_SECONDS);
    WorkCounters.Reading cost = counters.read().minus(before);
    return new Window(achieved, placed.percentileMillis(99), finals.percentileMillis(50), finals.percentileMillis(99), (long) rate * seconds,
      count("CONFIRMED") - confirmedBefore, count("REJECTED") + count("CANCELLED") - rejectedBefore, failures, cost);
  }

  private static List<String> stock(BenchNode node, int count, long orders, Random random) throws Exception {
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

  private void place(int rate, int seconds, Latencies placed, Latencies finals, Failures failures) {
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
          if (failures.record(response, failure)) {
            return null;
          }
          if (waits && response.statusCode() == 201) {
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
  private long count(String status) throws Exception {
    BenchNode node = nodes.get(0);
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
