package dev.chorus.launcher;

import dev.chorus.platform.db.DatabaseUrl;
import dev.chorus.testkit.Poll;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Admission control under a real overload: one node JVM hosting the order flow on the embedded server. Its capacity
 * is measured first (closed loop, clients waiting for each order's outcome), then orders are offered at three times
 * that rate, open loop, for {@code -Dchorus.overload.seconds} (60 as the suite runs it).
 */
class OverloadIT {

  private static final String ORDER_FLOW = "inventory,payments,orders,shipping,pricing";
  private static final int OVERLOAD_SECONDS = Integer.getInteger("chorus.overload.seconds", 60);
  private static final int WARM_UP_SECONDS = 30;
  private static final int CAPACITY_SECONDS = 20;
  private static final int CLOSED_LOOP_CLIENTS = 48;
  /**
   * Few products and wallets, so that their streams are busy: every partition of the flow's subscriptions that carries
   * one must keep up with it, or its orders fall behind the others (docs/decisions/0044).
   */
  private static final int PRODUCTS = 10;
  private static final int CUSTOMERS = 20;
  /**
   * An accepted order's outcome comes within this: twenty times the admission's target. A partition that falls behind
   * shows here long before an order's 30 s deadline cancels it.
   */
  private static final double SLOWEST_FINAL_SECONDS = 5;
  private static final long RSS_BOUND_BYTES = 1L << 30;
  /**
   * Orders confirmed during the overload, as a share of the capacity measured before it, at the least. A node that
   * collapses confirms little (before admission control the deadline cancelled 91 % of the orders accepted in a 40 s
   * overload, decision 0033); one that sheds keeps near its capacity. Six runs confirmed 0.66–1.22 of a capacity that the
   * 20 s closed loop itself measured at 161–266 orders/s, on two cores that the load generator shares: floors at 0.9 and
   * 0.8 failed on that noise, while a collapse stays far below half.
   */
  private static final double GOODPUT_FLOOR = 0.5;
  /**
   * As many as the node would see from that many clients: with fewer, an order waits in the generator for a free
   * connection behind the accepted ones, and that wait — the generator's, not the node's — counted in its latency.
   */
  private static final int OPEN_LOOP_CONNECTIONS = 512;
  private static final int CLIENT_WARM_UP_ROUNDS = 40;
  private static final int ENCODED_ORDERS = 1_000;
  /** The gate that sheds orders for their time to an outcome; a shed by any other means that gate did not hold. */
  private static final String ADMISSION = "orders-admission";
  private static final String SHED_METRIC = "chorus_admission_shed_total{work=\"orders\"}";
  private static final String HELD_METRIC = "chorus_admission_held{work=\"orders\"}";
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @TempDir
  Path work;

  /**
   * One answer of the open-loop burst.
   *
   * @param body the body, or for a shed order the gate that shed it ({@code shedBy} of its overload problem)
   */
  private record Answer(int status, long micros, boolean retryAfter, String body) {
  }

  @Test
  @DisplayName("orders at three times the node's capacity for a minute: the excess is shed with 503 and Retry-After, 99 % within 50 ms,"
    + " every accepted order is confirmed within 5 s, at least half the capacity is confirmed, memory stays bounded,"
    + " and service is normal within 10 s")
  void shedsInsteadOfCollapsing() throws Exception {
    try (LocalCluster cluster = new LocalCluster(work)) {
      NodeProcess node = cluster.start("a", ORDER_FLOW);
      Orders orders = Orders.stocked(node);

      orders.closedLoop(WARM_UP_SECONDS);
      Cpu beforeCapacity = Cpu.read(node.pid());
      double capacity = orders.closedLoop(CAPACITY_SECONDS) / (double) CAPACITY_SECONDS;
      CpuShares duringCapacity = Cpu.read(node.pid()).since(beforeCapacity);
      assertThat(capacity).as("capacity measured (orders confirmed per second)").isPositive();
      assertThat(orders.clientErrors()).as("closed-loop requests that failed (a client stopped by one would lower the capacity measured)").isEmpty();

      MaxSampled rss = MaxSampled.of(() -> rss(node.pid()));
      MaxSampled held = MaxSampled.of(() -> (long) metric(node, HELD_METRIC));
      double shedBefore = metric(node, SHED_METRIC);
      ShedAnswers shedAnswersBefore = ShedAnswers.read(node);
      double offered = 3 * capacity;
      OpenLoop overload = orders.openLoop(offered, OVERLOAD_SECONDS);
      List<Answer> answers = overload.answers();
      CpuShares duringOverload = overload.cpu();
      double shedCounted = metric(node, SHED_METRIC) - shedBefore;
      ShedAnswers shedAnswers = ShedAnswers.read(node).since(shedAnswersBefore);
      long recovered = orders.timeToNormalService(Duration.ofSeconds(30));
      long maxRss = rss.stop();
      long maxHeld = held.stop();

      List<String> accepted = answers.stream().filter(a -> a.status() == 202).map(a -> new JsonObject(a.body()).getString("id")).toList();
      List<Answer> shed = answers.stream().filter(a -> a.status() == 503).toList();
      Map<String, Final> finals = awaitFinal(cluster.database(), accepted);
      long confirmed = finals.values().stream().filter(f -> f.status().equals("orders.OrderConfirmed.v1")).count();
      double goodput = confirmed / (double) OVERLOAD_SECONDS;
      double shedP99 = percentile(shed.stream().mapToLong(Answer::micros).toArray(), 99) / 1000.0;
      double acceptedP99 = percentile(answers.stream().filter(a -> a.status() == 202).mapToLong(Answer::micros).toArray(), 99) / 1000.0;
      double slowestFinal = finals.values().stream().mapToDouble(Final::seconds).max().orElse(0);
      System.out.printf("overload: capacity %.1f orders/s (closed loop, %d clients); offered %.0f/s for %d s: %d answered, %d accepted"
          + " (p99 %.1f ms), %d shed (503, p99 %.1f ms at the client, %.2f %% within 50 ms at the node), other %s; confirmed %.1f/s = %.2f of capacity; slowest accepted order final"
          + " after %.1f s; an order confirmed %d ms after the overload; node RSS at most %d MiB; CPU (cores) during the capacity's measure %s, during the overload %s;"
          + " admission %s, held in flight at most %d%n",
        capacity, CLOSED_LOOP_CLIENTS, offered, OVERLOAD_SECONDS, answers.size(), accepted.size(), acceptedP99, shed.size(), shedP99,
        100 * shedAnswers.shareWithin50ms(), others(answers), goodput, goodput / capacity, slowestFinal, recovered / 1_000_000, maxRss >> 20, duringCapacity,
        duringOverload, admission(node), maxHeld);

      assertThat(others(answers)).as("every order is accepted (202) or shed (503)").isEmpty();
      assertThat(shed).as("orders shed").isNotEmpty()
        .allSatisfy(a -> assertThat(a.retryAfter()).as("Retry-After on a 503").isTrue())
        .allSatisfy(a -> assertThat(a.body()).as("the gate that shed an order").isEqualTo(ADMISSION));
      assertThat(shedCounted).as("orders the admission counted as shed, against the 503s answered").isEqualTo(shed.size());
      assertThat(maxHeld).as("orders the admission counted in flight during the overload, at the most").isPositive();
      Poll.until(Duration.ofSeconds(5), () -> metric(node, HELD_METRIC) == 0, () -> "the admission still counts orders in flight once all are final");
      assertThat(shedAnswers.total()).as("503s to orders the node timed, against those answered").isEqualTo(shed.size());
      assertThat(shedAnswers.shareWithin50ms()).as("share of shed orders the node answered within 50 ms").isGreaterThanOrEqualTo(0.99);
      assertThat(finals.values()).as("accepted orders that are not confirmed (every wallet and product suffices)")
        .allMatch(f -> f.status().equals("orders.OrderConfirmed.v1"));
      assertThat(slowestFinal).as("seconds from an accepted order's placement to its outcome").isLessThan(SLOWEST_FINAL_SECONDS);
      assertThat(goodput).as("orders confirmed per second during the overload, against the capacity").isGreaterThanOrEqualTo(GOODPUT_FLOOR * capacity);
      assertThat(maxRss).as("the node's resident memory").isLessThan(RSS_BOUND_BYTES);
      assertThat(recovered).as("nanoseconds from the end of the overload to an order confirmed").isBetween(0L, TimeUnit.SECONDS.toNanos(10));
    }
  }

  /**
   * The node's own count of the 503s it answered to orders, and of those it answered within 50 ms (from the request
   * read to the answer written). A client on the same two saturated cores adds its own waits to what it measures
   * (p99 28–80 ms beside a node's under 50 ms), so the bound is the node's; the client's p99 is printed beside it.
   */
  private record ShedAnswers(double total, double within50ms) {

    private static final String SERIES = "vertx_http_server_response_time_seconds_";
    private static final String SHED = "code=\"503\"";
    private static final String ORDERS = "method=\"POST\"";

    static ShedAnswers read(NodeProcess node) throws IOException, InterruptedException {
      double total = 0;
      double within = 0;
      for (String line : node.get("/metrics").body().lines().toList()) {
        if (!line.startsWith(SERIES) || !line.contains(SHED) || !line.contains(ORDERS)) {
          continue;
        }
        double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        if (line.startsWith(SERIES + "count{")) {
          total = value;
        } else if (line.startsWith(SERIES + "bucket{") && line.contains("le=\"0.05\"")) {
          within = value;
        }
      }
      return new ShedAnswers(total, within);
    }

    ShedAnswers since(ShedAnswers before) {
      return new ShedAnswers(total - before.total, within50ms - before.within50ms);
    }

    double shareWithin50ms() {
      return total == 0 ? 0 : within50ms / total;
    }
  }

  private static String admission(NodeProcess node) throws IOException, InterruptedException {
    return node.get("/metrics").body().lines().filter(line -> line.startsWith("chorus_admission")).collect(Collectors.joining("; "));
  }

  /** What an open loop got: every answer, and the cores used while it sent (its warm-up and its wait for the last answers left out). */
  private record OpenLoop(List<Answer> answers, CpuShares cpu) {
  }

  /** The order flow's outcome for one order: its final event and the seconds from its placement to it. */
  private record Final(String status, double seconds) {
  }

  /** Waits until every accepted order has its final event in the orders log, and returns them. */
  private static Map<String, Final> awaitFinal(DatabaseUrl database, List<String> accepted) {
    Map<String, Final> finals = new HashMap<>();
    Poll.until(Duration.ofSeconds(60), () -> {
      finals.clear();
      finals.putAll(finals(database));
      return finals.keySet().containsAll(accepted);
    }, () -> (accepted.size() - finals.keySet().stream().filter(Set.copyOf(accepted)::contains).count()) + " accepted orders never ended");
    finals.keySet().retainAll(Set.copyOf(accepted));
    return finals;
  }

  private static Map<String, Final> finals(DatabaseUrl database) {
    String query = """
      select p.payload->>'orderId', f.type, extract(epoch from f.recorded_at - p.recorded_at)
      from orders.events p join orders.events f on f.stream_id = p.stream_id
      where p.type = 'orders.OrderPlaced.v1'
        and f.type in ('orders.OrderConfirmed.v1', 'orders.OrderRejected.v1', 'orders.OrderCancelled.v1')""";
    Map<String, Final> finals = new HashMap<>();
    try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.jdbcProperties());
         PreparedStatement statement = connection.prepareStatement(query);
         ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        finals.put(rows.getString(1), new Final(rows.getString(2), rows.getDouble(3)));
      }
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
    return finals;
  }

  /** The gate that shed an order, from its {@code 503 overloaded} problem; its body when it is another 503. */
  private static String shedBy(Buffer body) {
    JsonObject problem = new JsonObject(body);
    return problem.getString("type", "").endsWith("/overloaded") ? problem.getString("shedBy") : body.toString();
  }

  private static double metric(NodeProcess node, String series) {
    try {
      return node.get("/metrics").body().lines().filter(line -> line.startsWith(series + " ")).mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1)))
        .findFirst().orElseThrow(() -> new AssertionError("no " + series + " in /metrics"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static Map<Integer, Long> others(List<Answer> answers) {
    return answers.stream().filter(a -> a.status() != 202 && a.status() != 503)
      .collect(Collectors.groupingBy(Answer::status, Collectors.counting()));
  }

  private static long percentile(long[] values, int percentile) {
    if (values.length == 0) {
      return 0;
    }
    Arrays.sort(values);
    return values[Math.min(values.length - 1, (int) Math.ceil(values.length * percentile / 100.0) - 1)];
  }

  /** Orders of one line for the node: any stocked product, any funded customer. */
  private static final class Orders {

    private final NodeProcess node;
    private final List<String> skus;
    private final List<String> customers;
    private final List<String> clientErrors = new CopyOnWriteArrayList<>();

    private Orders(NodeProcess node, List<String> skus, List<String> customers) {
      this.node = node;
      this.skus = skus;
      this.customers = customers;
    }

    /** {@value #PRODUCTS} products with stock for every order of the test and {@value #CUSTOMERS} wallets with money for them, known to orders. */
    static Orders stocked(NodeProcess node) throws Exception {
      Shop shop = new Shop(node);
      Random random = new Random(7);
      List<String> skus = new ArrayList<>();
      for (int i = 0; i < PRODUCTS; i++) {
        String sku = Shop.sku();
        assertThat(shop.post("/inventory/products", Shop.product(sku, 100 + random.nextInt(900), 999_999), null, null).statusCode()).isEqualTo(201);
        skus.add(sku);
      }
      for (String sku : skus) {
        Poll.until(Duration.ofSeconds(30), () -> shop.post("/orders", Shop.order(UUID.randomUUID().toString(), sku, 1_000_000), null, null)
          .body().contains("insufficient-stock"), () -> "orders never heard of " + sku);
      }
      List<String> customers = new ArrayList<>();
      for (int i = 0; i < CUSTOMERS; i++) {
        customers.add(shop.fundedCustomer(1_000_000_000L));
      }
      return new Orders(node, skus, customers);
    }

    /** Requests of the closed loops that got no answer, each described once: none is expected. */
    List<String> clientErrors() {
      return clientErrors;
    }

    /**
     * {@value #CLOSED_LOOP_CLIENTS} clients each placing an order and waiting for its outcome, again and again; returns
     * the orders confirmed. A request that fails is recorded and the client goes on, so that the load stays what it is.
     */
    long closedLoop(int seconds) throws InterruptedException {
      AtomicLong confirmed = new AtomicLong();
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      List<Thread> clients = new ArrayList<>();
      for (int i = 0; i < CLOSED_LOOP_CLIENTS; i++) {
        Random random = new Random(i);
        Thread client = new Thread(() -> {
          while (System.nanoTime() < end) {
            try {
              HttpResponse<String> answer = HTTP.send(request(random, true), HttpResponse.BodyHandlers.ofString());
              if (answer.statusCode() == 201 && answer.body().contains("\"CONFIRMED\"") && System.nanoTime() < end) {
                confirmed.incrementAndGet();
              }
            } catch (IOException e) {
              clientErrors.add(e.toString());
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              return;
            }
          }
        });
        client.start();
        clients.add(client);
      }
      for (Thread client : clients) {
        client.join();
      }
      return confirmed.get();
    }

    /**
     * Orders at {@code perSecond}, sent on schedule whatever the answers, for {@code seconds}, through a non-blocking
     * client (so that the load costs this machine little of what the node needs); every answer once all arrived. The
     * client opens its connections and warms its own code first, so that the latencies measured are the node's, not
     * those of a generator compiling itself on the same two cores.
     */
    OpenLoop openLoop(double perSecond, int seconds) throws TimeoutException, IOException {
      Vertx vertx = Vertx.vertx();
      try {
        HttpClientAgent client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(node.httpPort()),
          new PoolOptions().setHttp1MaxSize(OPEN_LOOP_CONNECTIONS).setMaxWaitQueueSize(-1));
        for (int round = 0; round < CLIENT_WARM_UP_ROUNDS; round++) {
          List<Future<Void>> opened = new ArrayList<>();
          for (int i = 0; i < OPEN_LOOP_CONNECTIONS; i++) {
            opened.add(client.request(new RequestOptions().setURI("/health").setConnectTimeout(5_000).setTimeout(5_000))
              .compose(request -> request.send())
              .compose(HttpClientResponse::body).<Void>mapEmpty().otherwiseEmpty());
          }
          try {
            Future.all(opened).await(30, TimeUnit.SECONDS);
          } catch (TimeoutException stuck) {
            // A warm-up request whose connection hangs only misses the warm-up; what the node answers under overload
            // is checked on the orders themselves. (Rarely, one of 512 fresh connections hung past 30 s here.)
          }
        }
        List<Buffer> bodies = bodies(new Random(1));
        List<Future<Answer>> sent = new ArrayList<>();
        long total = Math.round(perSecond * seconds);
        Promise<Void> allSent = Promise.promise();
        Cpu before = Cpu.read(node.pid());
        long start = System.nanoTime();
        vertx.setPeriodic(1, timer -> {
          long due = Math.min(total, (long) ((System.nanoTime() - start) / 1e9 * perSecond));
          while (sent.size() < due) {
            sent.add(send(client, bodies.get(sent.size() % bodies.size())));
          }
          if (sent.size() == total) {
            vertx.cancelTimer(timer);
            allSent.complete();
          }
        });
        allSent.future().await(seconds + 30L, TimeUnit.SECONDS);
        CpuShares cpu = Cpu.read(node.pid()).since(before);
        Future.join(sent).await(60, TimeUnit.SECONDS);
        return new OpenLoop(sent.stream().map(Future::result).toList(), cpu);
      } finally {
        vertx.close().await(10, TimeUnit.SECONDS);
      }
    }

    /** Bodies encoded before the overload, so that sending one costs the generator as little as it can. */
    private List<Buffer> bodies(Random random) {
      List<Buffer> bodies = new ArrayList<>();
      for (int i = 0; i < ENCODED_ORDERS; i++) {
        bodies.add(Shop.order(customers.get(random.nextInt(customers.size())), skus.get(random.nextInt(skus.size())), 1).toBuffer());
      }
      return bodies;
    }

    private Future<Answer> send(HttpClientAgent client, Buffer order) {
      long begin = System.nanoTime();
      return client.request(new RequestOptions().setMethod(HttpMethod.POST).setURI("/orders").setTimeout(20_000)
          .putHeader("Content-Type", "application/json"))
        .compose(request -> request.send(order))
        .compose(response -> response.body().map(body -> new Answer(response.statusCode(), (System.nanoTime() - begin) / 1000,
          response.getHeader("Retry-After") != null, response.statusCode() == 503 ? shedBy(body) : body.toString())))
        .otherwise(failure -> new Answer(-1, (System.nanoTime() - begin) / 1000, false, failure.toString()));
    }

    /** Places orders, each waiting for its outcome, until one is confirmed; the nanoseconds that took, or -1 after {@code within}. */
    long timeToNormalService(Duration within) {
      long start = System.nanoTime();
      Random random = new Random(2);
      while (System.nanoTime() - start < within.toNanos()) {
        try {
          HttpResponse<String> answer = HTTP.send(request(random, true), HttpResponse.BodyHandlers.ofString());
          if (answer.statusCode() == 201 && answer.body().contains("\"CONFIRMED\"")) {
            return System.nanoTime() - start;
          }
          TimeUnit.MILLISECONDS.sleep(100); // a client's pause after a refusal, as Retry-After asks; not a synchronisation
        } catch (IOException e) {
          throw new AssertionError(e);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError(e);
        }
      }
      return -1;
    }

    private HttpRequest request(Random random, boolean wait) {
      JsonObject order = Shop.order(customers.get(random.nextInt(customers.size())), skus.get(random.nextInt(skus.size())), 1);
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(node.baseUrl() + "/orders")).timeout(Duration.ofSeconds(20))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(order.encode()));
      if (wait) {
        request.header("Prefer", "wait=10");
      }
      return request.build();
    }
  }

  /** CPU used so far, in clock ticks: the whole machine (and its idle share), the node, this JVM (the load). */
  private record Cpu(long nanos, long total, long idle, long node, long load) {

    static Cpu read(long nodePid) throws IOException {
      String[] machine = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long total = 0;
      for (int i = 1; i < machine.length; i++) {
        total += Long.parseLong(machine[i]);
      }
      return new Cpu(System.nanoTime(), total, Long.parseLong(machine[4]) + Long.parseLong(machine[5]), used(Path.of("/proc", Long.toString(nodePid), "stat")),
        used(Path.of("/proc/self/stat")));
    }

    CpuShares since(Cpu before) {
      double ticksPerSecondOfWall = 100 * (nanos - before.nanos) / 1e9;
      return new CpuShares((total - before.total) / ticksPerSecondOfWall, (total - before.total - idle + before.idle) / ticksPerSecondOfWall,
        (node - before.node) / ticksPerSecondOfWall, (load - before.load) / ticksPerSecondOfWall);
    }

    private static long used(Path stat) throws IOException {
      String text = Files.readString(stat);
      String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
  }

  /** Cores used over a span: the machine's (all it has, and how many were busy), the node's, and this JVM's (the load). */
  private record CpuShares(double machine, double busy, double node, double load) {

    @Override
    public String toString() {
      return String.format("machine %.2f busy of %.2f, node %.2f, load generator %.2f", busy, machine, node, load);
    }
  }

  /** The largest value a quantity took while it was sampled, every 200 ms. */
  private static final class MaxSampled {

    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
    private final AtomicLong max = new AtomicLong();

    static MaxSampled of(LongSupplier quantity) {
      MaxSampled sampled = new MaxSampled();
      sampled.sampler.scheduleAtFixedRate(() -> sampled.max.accumulateAndGet(quantity.getAsLong(), Math::max), 0, 200, TimeUnit.MILLISECONDS);
      return sampled;
    }

    long stop() {
      sampler.shutdownNow();
      return max.get();
    }
  }

  /** A process's resident memory, read from {@code /proc}. */
  private static long rss(long pid) {
    try {
      return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream().filter(line -> line.startsWith("VmRSS:"))
        .mapToLong(line -> Long.parseLong(line.replaceAll("\\D", "")) * 1024).findFirst().orElse(0);
    } catch (IOException e) {
      return 0;
    }
  }

}
