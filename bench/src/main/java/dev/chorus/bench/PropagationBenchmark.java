package dev.chorus.bench;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Registration → welcome coupon across two node JVMs: node A hosts customers, node B promotions (shared
 * embedded database, or {@code --db URL}).
 * <ul>
 *   <li>propagation: registrations sent to A at a fixed rate; for a sample of them (one followed at a time),
 *   the time from A's 201 until B serves the coupon (B polled every millisecond);</li>
 *   <li>catch-up: B stopped, a backlog of registrations made, B started; events per second until its
 *   registrations subscription has processed the whole backlog, and what that cost per registration (transactions,
 *   statements, CPU of both nodes and of PostgreSQL, as {@code bench orders} counts them);</li>
 *   <li>reference: the HTTP round trip to A's {@code /health} on the same machine.</li>
 * </ul>
 * Propagation is measured after a warm-up at the same rate, for {@code --warmup} seconds and then until both nodes'
 * JIT compilers have settled, {@code --warmup-max} seconds at most (its first line says how long it took).
 * Options: {@code --jar launcher/target/chorus.jar}, {@code --rate 1000}, {@code --seconds 20}, {@code --backlog 20000},
 * {@code --warmup 60}, {@code --warmup-max 180}, {@code --db}.
 */
final class PropagationBenchmark {

  private static final Pattern PROCESSED = Pattern.compile(
    "chorus_subscription_events_processed_total\\{subscription=\"promotions.registrations\"} ([0-9.E]+)");

  private PropagationBenchmark() {
  }

  static void run(BenchOptions options) throws Exception {
    Path jar = Path.of(options.string("jar", "launcher/target/chorus.jar"));
    int rate = options.integer("rate", 1_000);
    int seconds = options.integer("seconds", 20);
    int backlog = options.integer("backlog", 20_000);
    int warmup = options.integer("warmup", 60);
    int warmupMax = Math.max(warmup, options.integer("warmup-max", 180));
    Path work = Files.createTempDirectory("chorus-propagation");
    List<String> common = new ArrayList<>(List.of("--cluster-config", BenchCluster.config(work).toString(), "--data-dir", work.resolve("data").toString()));
    BenchDatabases databases = BenchDatabases.of(options);
    common.addAll(databases.nodeArgs());
    System.out.printf("propagation benchmark: rate %d/s for %d s, backlog %d, %d cores%n", rate, seconds, backlog, Runtime.getRuntime().availableProcessors());
    List<BenchNode> nodes = new ArrayList<>();
    try {
      BenchNode customers = started(nodes, BenchNode.start(jar, work, "customers", with(common, "--contexts", "customers")));
      BenchNode promotions = started(nodes, BenchNode.start(jar, work, "promotions", with(common, "--contexts", "promotions")));
      String reference = customers.roundTripReference(2_000);
      warmCouponReads(promotions, 2_000);
      String warmedUp = Compilers.warmUp(List.of(customers, promotions), rate, warmup, warmupMax,
        slice -> propagate(customers, promotions, rate, slice));
      Latencies propagation = propagate(customers, promotions, rate, seconds);
      promotions.close();

      register(customers, backlog, 64);
      BenchNode restarted = started(nodes, BenchNode.start(jar, work, "promotions-again", with(common, "--contexts", "promotions")));
      WorkCounters counters = WorkCounters.of(work.resolve("data"), databases, List.of(customers, restarted));
      WorkCounters.Reading before = counters.read();
      double compilingBefore = Compilers.cpuMs(List.of(restarted));
      long begin = System.nanoTime();
      while (processed(restarted) < backlog) {
        // A scrape of /metrics costs the node a few ms: every 20 ms it took a seventh of the catching-up node's CPU.
        TimeUnit.MILLISECONDS.sleep(100);
      }
      double catchUp = backlog / ((System.nanoTime() - begin) / 1e9);
      WorkCounters.Reading caughtUp = counters.read().minus(before);
      double compiling = Compilers.cpuMs(List.of(restarted)) - compilingBefore;

      System.out.println(warmedUp);
      System.out.println(reference);
      System.out.printf("catch-up: %d events in the backlog, measured from the restarted promotions node's /ready;"
        + " its JIT compilers took %.2f ms of CPU per registration%n", backlog, compiling / backlog);
      System.out.printf("propagation: rate %d/s, p50 %.1f ms, p99 %.1f ms, catch-up %.0f events/s | catch-up %s%n",
        rate, propagation.percentileMillis(50), propagation.percentileMillis(99), catchUp, caughtUp.per(backlog, "registration"));
    } finally {
      for (int i = nodes.size() - 1; i >= 0; i--) {
        nodes.get(i).close();
      }
    }
  }

  /** The follower's query, asked before measuring, so that a cold read path does not count as propagation. */
  private static void warmCouponReads(BenchNode promotions, int count) throws IOException, InterruptedException {
    for (int i = 0; i < count; i++) {
      promotions.get("/promotions/customers/" + UUID.randomUUID() + "/coupons");
    }
  }

  private static BenchNode started(List<BenchNode> nodes, BenchNode node) {
    nodes.add(node);
    return node;
  }

  /**
   * Registrations at a fixed rate. One follower at a time takes the latest acknowledged registration and polls
   * the promotions node for its coupon every millisecond, on one connection: the measurement adds one request
   * in flight, not a crowd of them.
   */
  private static Latencies propagate(BenchNode customers, BenchNode promotions, int rate, int seconds) throws Exception {
    int total = rate * seconds;
    Latencies latencies = new Latencies(total);
    ScheduledExecutorService clock = Executors.newScheduledThreadPool(1);
    AtomicReference<Acknowledged> latest = new AtomicReference<>();
    AtomicInteger sent = new AtomicInteger();
    CompletableFuture<Void> allSent = new CompletableFuture<>();
    List<CompletableFuture<String>> registrations = new ArrayList<>();
    clock.scheduleAtFixedRate(() -> {
      if (sent.incrementAndGet() > total) {
        allSent.complete(null);
        return;
      }
      CompletableFuture<String> registration = registerOne(customers)
        .whenComplete((id, e) -> {
          if (id != null) {
            latest.set(new Acknowledged(id, System.nanoTime()));
          }
        });
      synchronized (registrations) {
        registrations.add(registration);
      }
    }, 0, 1_000_000_000L / rate, TimeUnit.NANOSECONDS);
    Acknowledged followed = null;
    while (!allSent.isDone()) {
      Acknowledged next = latest.get();
      if (next == null || next == followed) {
        TimeUnit.MILLISECONDS.sleep(1);
        continue;
      }
      followed = next;
      while (!promotions.get("/promotions/customers/" + next.id() + "/coupons").contains("WELCOME")) {
        TimeUnit.MILLISECONDS.sleep(1);
      }
      latencies.record(System.nanoTime() - next.at());
    }
    clock.shutdown();
    synchronized (registrations) {
      CompletableFuture.allOf(registrations.toArray(CompletableFuture[]::new)).join();
    }
    return latencies;
  }

  private record Acknowledged(String id, long at) {
  }

  private static void register(BenchNode customers, int count, int inFlight) {
    Semaphore slots = new Semaphore(inFlight);
    List<CompletableFuture<String>> all = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      slots.acquireUninterruptibly();
      all.add(registerOne(customers).whenComplete((id, e) -> slots.release()));
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
  }

  private static CompletableFuture<String> registerOne(BenchNode customers) {
    String body = new JsonObject().put("email", UUID.randomUUID() + "@example.com").put("name", "Bench").encode();
    return BenchNode.HTTP.sendAsync(HttpRequest.newBuilder(URI.create(customers.url + "/customers")).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString())
      .thenApply(response -> {
        if (response.statusCode() != 201) {
          throw new IllegalStateException("registration refused: " + response.statusCode() + " " + response.body());
        }
        return new JsonObject(response.body()).getString("id");
      });
  }

  private static long processed(BenchNode promotions) throws IOException, InterruptedException {
    Matcher matcher = PROCESSED.matcher(promotions.get("/metrics"));
    return matcher.find() ? (long) Double.parseDouble(matcher.group(1)) : 0;
  }

  private static List<String> with(List<String> common, String... more) {
    List<String> args = new ArrayList<>(common);
    args.addAll(List.of(more));
    return args;
  }
}
