package dev.chorus.launcher;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A database per context, tried as an outage tries it: customers and promotions on one PostgreSQL, the order flow's
 * contexts (inventory, payments, orders, pricing) on another, a node hosting all seven under a steady
 * load of registrations, coupon and points reads, orders and order reads. The order flow's server is killed
 * ({@code kill -9} of its postmaster, started again later) or paused ({@code SIGSTOP} of every process of it, resumed
 * later). Meanwhile registrations, coupons and points answer as before: no error, p99 within twice the one before. The
 * order flow's requests are answered 503 {@code database-unavailable} at once once the node has found the server out
 * of reach (never left hanging). Afterwards, with every refused order retried under its key as a client must, everything
 * converges by itself: every coupon and every inviter's points, the order flow's invariants against a recount of its
 * logs, the order search against the recount, nothing parked. The outage lasts {@code chorus.autonomy.stop} (10 s in the
 * suite; {@code -Dchorus.autonomy.stop=PT20S} for the full one).
 * <p>
 * Shipping, which follows the orders' log, is kept on the first server: a consumer whose source is out of reach while its
 * own database answers. Its reads of the orders' log fail throughout the outage; it parks nothing and ships every
 * confirmed order once, none that failed (counted from its own database by the recount). No order is confirmed while
 * the order flow's server is out, so its backlog is the orders confirmed but not yet shipped at the stop: few or none.
 * <p>
 * The server is durable, as a production one: a commit it acknowledged survives the kill.
 */
class DatabaseAutonomyIT {

  private static final Duration STOP = Duration.parse(System.getProperty("chorus.autonomy.stop", "PT10S"));
  private static final Duration STEADY = Duration.ofSeconds(8);
  /** How long the node may take to find a stopped server out of reach: a probe a second, an answer awaited 2 s. */
  private static final Duration FOUND_WITHIN = Duration.ofSeconds(5);
  /** What "at once" means for a request refused because its database is out of reach: its p99, and the slowest one. */
  private static final Duration AT_ONCE = Duration.ofSeconds(1);
  private static final Duration SLOWEST_REFUSAL = Duration.ofSeconds(3);
  /** How long after the server returns the node may refuse its contexts: a probe a second finds it. */
  private static final Duration BACK_WITHIN = Duration.ofSeconds(5);
  private static final Duration ANSWER_WITHIN = Duration.ofSeconds(15);
  /** Below this, a p99 is measured noise on a shared machine: the bound is twice the larger of the two. */
  private static final Duration P99_FLOOR = Duration.ofMillis(50);
  private static final List<String> CUSTOMERS_SIDE = List.of("customers", "promotions", "shipping");
  private static final List<String> ORDER_FLOW_SIDE = List.of("inventory", "orders", "payments", "pricing");
  /** HTTP/1.1, a connection per request in flight: an HTTP/2 connection would refuse requests beyond its streams. */
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();

  @TempDir
  static Path work;
  private static StoppablePostgres customersServer;
  private static StoppablePostgres orderFlowServer;

  enum Outage { KILLED, PAUSED }

  enum Phase { BEFORE, DURING, AFTER }

  enum Kind {
    REGISTRATION(true), COUPONS(true), POINTS(true), ORDER(false), ORDER_READ(false);

    final boolean customersSide;

    Kind(boolean customersSide) {
      this.customersSide = customersSide;
    }
  }

  /** One request of the load: what, in which phase, when it was sent (ms after the outage began), and how it was answered. */
  record Answer(Kind kind, Phase phase, long sentAtMs, long tookMs, int status, String type) {
  }

  /** The outages to run: both, unless {@code -Dchorus.autonomy.outages} names some. */
  static List<Outage> outages() {
    return Arrays.stream(System.getProperty("chorus.autonomy.outages", "KILLED,PAUSED").split(",")).map(String::trim).map(Outage::valueOf).toList();
  }

  @BeforeAll
  static void startServers() throws Exception {
    customersServer = StoppablePostgres.start(work.resolve("customers-pg"));
    orderFlowServer = StoppablePostgres.start(work.resolve("order-flow-pg"));
  }

  @AfterAll
  static void stopServers() throws Exception {
    orderFlowServer.close();
    customersServer.close();
  }

  @ParameterizedTest
  @MethodSource("outages")
  @DisplayName("the order flow's server stopped under load: customers and promotions answer as before, the order flow 503 at once, all converges")
  void oneServerStops(Outage outage) throws Exception {
    String customersDb = customersServer.createDatabase();
    String orderFlowDb = orderFlowServer.createDatabase();
    List<String> args = new ArrayList<>(List.of("--cluster-config", TestClusterConfig.write(work).toString(),
      "--db", customersServer.nodeUrl(customersDb)));
    ORDER_FLOW_SIDE.forEach(context -> args.addAll(List.of("--db", context + "=" + orderFlowServer.nodeUrl(orderFlowDb))));
    try (NodeProcess node = NodeProcess.start(work, "autonomy-" + outage, args.toArray(String[]::new))) {
      node.awaitReady(Duration.ofSeconds(90));
      assertThat(node.output()).contains("database " + customersServer.nodeUrl(customersDb) + " for " + String.join(", ", CUSTOMERS_SIDE))
        .contains("database " + orderFlowServer.nodeUrl(orderFlowDb) + " for " + String.join(", ", ORDER_FLOW_SIDE));
      JsonObject databases = node.getJson("/cluster").getJsonArray("members").getJsonObject(0).getJsonObject("databases");
      CUSTOMERS_SIDE.forEach(context -> assertThat(databases.getString(context)).as(context).isEqualTo(customersServer.nodeUrl(customersDb)));
      ORDER_FLOW_SIDE.forEach(context -> assertThat(databases.getString(context)).as(context).isEqualTo(orderFlowServer.nodeUrl(orderFlowDb)));
      Supplier<List<NodeProcess>> nodes = () -> List.of(node);
      Random random = new Random(outage.ordinal());
      List<String> inviters = Registrations.register(nodes, 5, List.of(), 4).stream().map(Registrations.Registered::id).toList();
      List<String> skus = OrderFlowLoad.stockProducts(nodes, random);
      List<String> wallets = OrderFlowLoad.fundCustomers(nodes, random);
      OrderFlowLoad.awaitCatalogueKnown(node);

      Load load = new Load(node, inviters, skus, wallets, random);
      load.start();
      load.hold(STEADY);
      load.outageBegins();
      if (outage == Outage.KILLED) {
        orderFlowServer.kill();
      } else {
        orderFlowServer.pause();
      }
      load.hold(STOP.dividedBy(2));
      assertDegradedNotDown(node, orderFlowServer.nodeUrl(orderFlowDb));
      load.hold(STOP.dividedBy(2));
      if (outage == Outage.KILLED) {
        orderFlowServer.startAgain();
      } else {
        orderFlowServer.resume();
      }
      load.outageEnds();              // once the server answers again: a killed one takes its recovery to start
      load.hold(STEADY);
      List<Answer> answers = load.stop();
      System.out.printf("autonomy %s for %s: %s%n", outage, STOP, summary(answers));

      List<Answer> wrong = answers.stream().filter(a -> a.kind().customersSide && !(a.status() == (a.kind() == Kind.REGISTRATION ? 201 : 200)))
        .limit(10).toList();
      assertThat(wrong).as("registrations, coupons and points not answered as usual").isEmpty();
      long before = p99(answers, a -> a.kind().customersSide && a.phase() == Phase.BEFORE);
      long during = p99(answers, a -> a.kind().customersSide && a.phase() == Phase.DURING);
      assertThat(during).as("p99 of customers and promotions during the outage (ms), against %d ms before", before)
        .isLessThanOrEqualTo(2 * Math.max(before, P99_FLOOR.toMillis()));

      List<Answer> refused = answers.stream().filter(a -> !a.kind().customersSide && a.phase() == Phase.DURING
        && a.sentAtMs() >= FOUND_WITHIN.toMillis()).toList();
      assertThat(refused).as("order flow requests sent once the outage was found").isNotEmpty()
        .allSatisfy(a -> {
          assertThat(a.status()).as(a.toString()).isEqualTo(503);
          assertThat(a.type()).as(a.toString()).endsWith("/database-unavailable");
          assertThat(a.tookMs()).as(a.toString()).isLessThanOrEqualTo(SLOWEST_REFUSAL.toMillis());
        });
      assertThat(p99(refused, a -> true)).as("p99 of the refusals (ms)").isLessThanOrEqualTo(AT_ONCE.toMillis());
      List<Answer> back = answers.stream().filter(a -> !a.kind().customersSide && a.phase() == Phase.AFTER
        && a.sentAtMs() >= load.endedAtMs() + BACK_WITHIN.toMillis()).toList();
      assertThat(back).as("order flow requests sent %s after the server returned", BACK_WITHIN).isNotEmpty()
        .allSatisfy(a -> assertThat(a.status()).as(a.toString()).isIn(200, 202, 422));
      assertThat(answers).as("every request answered within %s", ANSWER_WITHIN).noneMatch(a -> a.status() == RequestLog.UNANSWERED);

      Map<String, OrderFlowLoad.Placed> placed = load.settleOrders();
      PromotionInvariants.awaitConsistent(node, inviters, load.registered());
      OrderFlowAudit audit = OrderFlowInvariants.awaitConsistent(
        context -> ORDER_FLOW_SIDE.contains(context) ? orderFlowServer.url(orderFlowDb) : customersServer.url(customersDb), node, placed, skus, wallets);
      OrderFlowInvariants.assertReadModelMatches(node, audit, wallets);
      assertThat(audit.orders.values()).as("orders confirmed, each to be shipped once").anyMatch(o -> o.status().equals("CONFIRMED"));
      assertThat(new JsonArray(node.get("/ops/parked").body())).as("parked events").isEmpty();
      System.out.printf("autonomy %s: %d orders placed (%s) and %d registrations converged%n", outage, placed.size(),
        OrderFlowInvariants.outcomes(audit), load.registered().size());
    }
  }

  /**
   * Halfway through the outage: the node is ready (another database answers), and an operation that reads every
   * context's database is refused 503, naming the one out of reach.
   */
  private static void assertDegradedNotDown(NodeProcess node, String stoppedUrl) throws Exception {
    HttpResponse<String> ready = node.get("/ready");
    assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
    assertThat(new JsonObject(ready.body()).getJsonObject("checks").getString("database")).isEqualTo("UP");
    HttpResponse<String> parked = node.get("/ops/parked");
    assertThat(parked.statusCode()).as(parked.body()).isEqualTo(503);
    assertThat(new JsonObject(parked.body()).getString("type")).endsWith("/database-unavailable");
    assertThat(new JsonObject(parked.body()).getString("detail")).contains(stoppedUrl);
  }

  private static long p99(List<Answer> answers, Predicate<Answer> which) {
    List<Long> took = answers.stream().filter(which).map(Answer::tookMs).sorted().toList();
    assertThat(took).as("answers to measure").isNotEmpty();
    return took.get((int) Math.ceil(took.size() * 0.99) - 1);
  }

  private static String summary(List<Answer> answers) {
    Map<Phase, Map<Kind, String>> byPhase = new EnumMap<>(Phase.class);
    for (Phase phase : Phase.values()) {
      Map<Kind, String> byKind = new EnumMap<>(Kind.class);
      for (Kind kind : Kind.values()) {
        List<Answer> these = answers.stream().filter(a -> a.phase() == phase && a.kind() == kind).toList();
        if (these.isEmpty()) {
          continue;
        }
        Map<String, Integer> statuses = new TreeMap<>();
        these.forEach(a -> statuses.merge(a.status() + (a.type().isEmpty() ? "" : " " + a.type().substring(a.type().lastIndexOf('/') + 1)),
          1, Integer::sum));
        byKind.put(kind, statuses + " p99 " + p99(these, a -> true) + " ms");
      }
      byPhase.put(phase, byKind);
    }
    return byPhase.toString();
  }

  /**
   * The load, ten ticks a second: two registrations (every other one invited), a coupon read, a points read every other
   * tick, an order, and an order read every other tick. Each request waits for no other; each answer is recorded.
   */
  private static final class Load {

    private final NodeProcess node;
    private final List<String> inviters;
    private final List<String> skus;
    private final List<String> wallets;
    private final Random random;
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor();
    private final List<CompletableFuture<Answer>> sent = new CopyOnWriteArrayList<>();
    private final List<Registrations.Registered> registered = new CopyOnWriteArrayList<>();
    private final Map<String, OrderFlowLoad.Placed> orderRequests = new ConcurrentHashMap<>();
    private final Map<String, ClusterClient.Post> orderPosts = new ConcurrentHashMap<>();
    private final Map<String, String> placedIds = new ConcurrentHashMap<>();
    private volatile Phase phase = Phase.BEFORE;
    private volatile long outageBegan = System.nanoTime();
    private volatile long endedAtMs;
    private int tick;

    Load(NodeProcess node, List<String> inviters, List<String> skus, List<String> wallets, Random random) {
      this.node = node;
      this.inviters = inviters;
      this.skus = skus;
      this.wallets = wallets;
      this.random = random;
    }

    void start() {
      ticks.scheduleAtFixedRate(this::tick, 0, 100, TimeUnit.MILLISECONDS);
    }

    /** Lets the load run for {@code length}: a duration of the experiment, not a wait for an event. */
    void hold(Duration length) throws InterruptedException {
      Thread.sleep(length.toMillis());
    }

    /** What is sent from now on is sent during the outage, at a time counted from now. */
    void outageBegins() {
      outageBegan = System.nanoTime();
      phase = Phase.DURING;
    }

    /** What is sent from now on is sent after the outage: the server is given back now. */
    void outageEnds() {
      endedAtMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - outageBegan);
      phase = Phase.AFTER;
    }

    /** When the server was given back, in ms after the outage began. */
    long endedAtMs() {
      return endedAtMs;
    }

    List<Answer> stop() throws InterruptedException {
      ticks.shutdown();
      assertThat(ticks.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
      return sent.stream().map(CompletableFuture::join).toList();
    }

    List<Registrations.Registered> registered() {
      return registered;
    }

    /**
     * Every order not answered 202 or 422 is sent again under its key until it is, as a client must: a refused one
     * may have been appended before its answer was lost. Returns the orders placed, by id.
     */
    Map<String, OrderFlowLoad.Placed> settleOrders() {
      RequestLog log = new RequestLog();
      List<String> keys = orderPosts.keySet().stream().filter(key -> !placedIds.containsKey(key)).toList();
      List<HttpResponse<String>> answers = ClusterClient.postAll(() -> List.of(node), keys.stream().map(orderPosts::get).toList(), 8,
        new AtomicInteger(), log);
      for (int i = 0; i < keys.size(); i++) {
        record(keys.get(i), answers.get(i).statusCode(), answers.get(i).body());
      }
      Map<String, OrderFlowLoad.Placed> placed = new LinkedHashMap<>();
      placedIds.forEach((key, id) -> {
        if (!id.isEmpty()) {
          placed.put(id, orderRequests.get(key));
        }
      });
      return placed;
    }

    private void tick() {
      int i = tick++;
      register(2 * i);
      register(2 * i + 1);
      if (!registered.isEmpty()) {
        String customer = registered.get(random.nextInt(registered.size())).id();
        send(Kind.COUPONS, get("/promotions/customers/" + customer + "/coupons"), answer -> { });
      }
      if (i % 2 == 0) {
        send(Kind.POINTS, get("/promotions/customers/" + inviters.get(random.nextInt(inviters.size())) + "/points"), answer -> { });
      }
      String key = "order-" + run + "-" + i;
      ClusterClient.Post post = OrderFlowLoad.orderPost(key, skus, wallets, random, orderRequests);
      orderPosts.put(key, post);
      send(Kind.ORDER, post(post), answer -> record(key, answer.statusCode(), answer.body()));
      List<String> ids = placedIds.values().stream().filter(id -> !id.isEmpty()).toList();
      if (i % 2 == 0 && !ids.isEmpty()) {
        send(Kind.ORDER_READ, get("/orders/" + ids.get(random.nextInt(ids.size()))), answer -> { });
      }
    }

    private void register(int i) {
      String inviter = i % 2 == 1 ? null : inviters.get(random.nextInt(inviters.size()));
      ClusterClient.Post post = Registrations.post(run, i, inviter);
      send(Kind.REGISTRATION, post(post), answer -> {
        if (answer.statusCode() == 201) {
          registered.add(new Registrations.Registered(new JsonObject(answer.body()).getString("id"), inviter));
        }
      });
    }

    /** An order answered 202 is placed, 422 refused for stock; anything else is still to be settled. */
    private void record(String key, int status, String body) {
      if (status == 202) {
        placedIds.put(key, new JsonObject(body).getString("id"));
      } else if (status == 422) {
        assertThat(new JsonObject(body).getString("type")).as(body).endsWith("insufficient-stock");
        placedIds.put(key, "");
      }
    }

    private HttpRequest get(String path) {
      return node.request(path).timeout(ANSWER_WITHIN).GET().build();
    }

    private HttpRequest post(ClusterClient.Post post) {
      return node.request(post.path()).timeout(ANSWER_WITHIN).header("Content-Type", "application/json")
        .header("Idempotency-Key", post.key()).POST(HttpRequest.BodyPublishers.ofString(post.body().encode())).build();
    }

    private void send(Kind kind, HttpRequest request, Consumer<HttpResponse<String>> onAnswer) {
      Phase now = phase;
      long sentAt = System.nanoTime();
      long sentAtMs = TimeUnit.NANOSECONDS.toMillis(sentAt - outageBegan);
      sent.add(HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((answer, failure) -> {
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sentAt);
        if (answer == null) {
          return new Answer(kind, now, sentAtMs, took, RequestLog.UNANSWERED, String.valueOf(failure));
        }
        onAnswer.accept(answer);
        String type = answer.statusCode() >= 400 && answer.body().startsWith("{") ? new JsonObject(answer.body()).getString("type", "") : "";
        return new Answer(kind, now, sentAtMs, took, answer.statusCode(), type);
      }));
    }
  }
}
