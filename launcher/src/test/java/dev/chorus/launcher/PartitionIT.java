package dev.chorus.launcher;

import dev.chorus.platform.db.DatabaseUrl;
import dev.chorus.testkit.Poll;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A cluster deployed as on separate machines ({@link LabCluster}) put through the network faults of a
 * {@link FaultSchedule} under a mixed load — registrations with invitations, orders with idempotent client retries
 * against whatever node answers — and then checked: the cluster converges by itself (every member sees every other,
 * one owner per partition, no lag) within a bound, and every invariant of promotions and of the order flow holds,
 * with nothing lost that was acknowledged.
 * <p>
 * {@code -Dchorus.partitions.schedules=NODE_CUT_FROM_CLUSTER,...} (or {@code all}), {@code -Dchorus.partitions.seeds=1,2,3}
 * (or {@code random}), {@code -Dchorus.partitions.fault=PT20S}: the suite runs one schedule with a short fault,
 * {@code -Ppartitions} all of them (see docs/partitions.md).
 */
class PartitionIT {

  private static final Duration CONVERGED_WITHIN = Duration.ofSeconds(60);
  private static final Duration WARM_UP = Duration.ofSeconds(4);
  private static final Duration TAIL = Duration.ofSeconds(5);
  private static final int REGISTRATIONS_PER_SECOND = 10;
  private static final int ORDERS_PER_SECOND = 10;

  /** Each run's node logs are kept here, for a failure's post-mortem. */
  private static final Path RUNS = Path.of("target", "partitions");

  @TestFactory
  @DisplayName("faults on a cluster of separate hosts: refused or answered, never done twice; converged after the heal; every invariant")
  Stream<DynamicTest> schedules() {
    Assumptions.assumeTrue(NetworkLab.unavailable().isEmpty(), () -> "no network lab here: " + NetworkLab.unavailable().orElseThrow());
    String names = System.getProperty("chorus.partitions.schedules", "NODE_CUT_FROM_CLUSTER");
    List<FaultSchedule> schedules = names.equals("all") ? List.of(FaultSchedule.values())
      : Arrays.stream(names.split(",")).map(String::trim).map(FaultSchedule::valueOf).toList();
    String seedList = System.getProperty("chorus.partitions.seeds", "random");
    List<Long> seeds = seedList.equals("random") ? List.of(System.nanoTime() % 1_000_000)
      : Arrays.stream(seedList.split(",")).map(String::trim).map(Long::parseLong).toList();
    Duration fault = Duration.parse(System.getProperty("chorus.partitions.fault", "PT12S"));
    return schedules.stream().flatMap(schedule -> seeds.stream().map(seed ->
      DynamicTest.dynamicTest(schedule + " seed " + seed, () -> run(schedule, seed, fault))));
  }

  private void run(FaultSchedule schedule, long seed, Duration faultLength) throws Exception {
    System.out.printf("%s, seed %d (-Dchorus.partitions.schedules=%s -Dchorus.partitions.seeds=%d to rerun), fault %s%n",
      schedule, seed, schedule, seed, faultLength);
    Random random = new Random(seed);
    Path dir = RUNS.resolve(schedule + "-" + seed).toAbsolutePath();
    if (Files.exists(dir)) {
      try (Stream<Path> old = Files.walk(dir)) {
        old.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
    Files.createDirectories(dir);
    try (LabCluster cluster = new LabCluster(dir, schedule.hosts())) {
      cluster.startAll();
      FaultSchedule.Fault wholeRun = schedule.wholeRun() ? schedule.inject(cluster, random) : null;
      List<String> skus = OrderFlowLoad.stockProducts(cluster::live, random);
      List<String> customers = OrderFlowLoad.fundCustomers(cluster::live, random);
      List<String> inviters = Registrations.register(cluster::live, 20, List.of(), 4).stream().map(Registrations.Registered::id).toList();
      OrderFlowLoad.awaitCatalogueKnown(cluster.live().get(0));

      RequestLog log = new RequestLog();
      MixedLoad load = new MixedLoad(cluster::live, inviters, skus, customers, random, log);
      long loadStarted = System.nanoTime();
      load.start(REGISTRATIONS_PER_SECOND, ORDERS_PER_SECOND);
      hold(WARM_UP);
      long epochsBefore = epochs(cluster.database().audit());
      long faultStarted = System.nanoTime();
      FaultSchedule.Fault fault = wholeRun != null ? wholeRun : schedule.inject(cluster, random);
      Probes probes = Probes.start(cluster);
      hold(faultLength.dividedBy(2));
      fault.midway().run();
      hold(faultLength.dividedBy(2));
      long epochsDuring = epochs(cluster.database().audit()) - epochsBefore;
      long healed = System.nanoTime();
      probes.stop();
      if (wholeRun == null) {
        fault.heal().run();
      }
      System.out.printf("%s seed %d: %s; during the fault (%d ms): requests %s, by node %s; leases taken %d; slowest ops request %d ms,"
          + " readiness %s%n", schedule, seed, fault.description(), (healed - faultStarted) / 1_000_000,
        log.between(wholeRun != null ? loadStarted : faultStarted, healed), log.byNode(faultStarted, healed), epochsDuring, probes.slowestMs(),
        probes.readiness());
      Duration membersJoined = awaitMembers(cluster, healed);
      hold(TAIL);
      MixedLoad.Outcome outcome = load.stop();
      Duration converged = awaitConverged(cluster, healed);

      NodeProcess node = cluster.live().get(0);
      PromotionInvariants.awaitConsistent(node, inviters, outcome.registered());
      OrderFlowAudit audit = OrderFlowInvariants.awaitConsistent(cluster.database().audit(), node, outcome.placed(), skus, customers);
      OrderFlowInvariants.assertReadModelMatches(node, audit, customers);
      System.out.printf("%s seed %d: after the heal: members %d ms, converged (one owner per partition, lag 0) %d ms; load %d registrations,"
          + " %d orders placed (%s), %d refused for stock; invariants held%n", schedule, seed, membersJoined.toMillis(), converged.toMillis(),
        outcome.registered().size(), outcome.placed().size(), OrderFlowInvariants.outcomes(audit), outcome.refusedForStock());
      assertThat(probes.slowestMs()).as("an ops request that asks every member, during the fault").isLessThan(10_000);
    }
  }

  /** Lets the schedule run for {@code length}: the faults are timed, nothing is waited for. */
  private static void hold(Duration length) throws InterruptedException {
    TimeUnit.MILLISECONDS.sleep(length.toMillis());
  }

  /** Time from {@code since} until every running node lists every running node. */
  private static Duration awaitMembers(LabCluster cluster, long since) {
    Poll.until(CONVERGED_WITHIN, () -> cluster.live().stream()
        .allMatch(node -> LocalCluster.cluster(node).getInteger("size", 0) == cluster.live().size()),
      () -> "members never converged: " + cluster.live().stream().map(node -> node + ": " + LocalCluster.cluster(node).getInteger("size"))
        .toList());
    return Duration.ofNanos(System.nanoTime() - since);
  }

  /**
   * Time from {@code since} until every partition of every subscription has one owner, a running node, that the database
   * and every node agree on, and no lag.
   */
  private static Duration awaitConverged(LabCluster cluster, long since) {
    String[] problem = {"nothing checked yet"};
    Poll.until(CONVERGED_WITHIN, () -> {
      problem[0] = convergenceProblem(cluster);
      return problem[0] == null;
    }, () -> "never converged: " + problem[0]);
    return Duration.ofNanos(System.nanoTime() - since);
  }

  private static String convergenceProblem(LabCluster cluster) throws SQLException {
    Map<String, String> owners = owners(cluster.database().audit());
    Set<String> members = cluster.live().stream().map(NodeProcess::nodeId).collect(Collectors.toSet());
    for (NodeProcess node : cluster.live()) {
      JsonObject subscriptions = LocalCluster.cluster(node).getJsonObject("subscriptions");
      int partitions = 0;
      for (String subscription : subscriptions.fieldNames()) {
        JsonObject each = subscriptions.getJsonObject(subscription).getJsonObject("partitions");
        for (String partition : each.fieldNames()) {
          partitions++;
          JsonObject state = each.getJsonObject(partition);
          String key = subscription + "/" + partition;
          if (state.containsKey("contested")) {
            return node + " sees " + key + " claimed by " + state.getJsonArray("contested");
          }
          if (!members.contains(state.getString("owner")) || !state.getString("owner").equals(owners.get(key))) {
            return node + " sees " + key + " owned by " + state.getString("owner") + ", the database by " + owners.get(key);
          }
          if (state.getLong("lag", -1L) != 0) {
            return node + " sees " + key + " behind by " + state.getLong("lag");
          }
        }
      }
      if (partitions != owners.size()) {
        return node + " sees " + partitions + " owned partitions of " + owners.size();
      }
    }
    return null;
  }

  /** Every subscription's partitions and their owners, as the database records them: {@code subscription/partition → owner}. */
  private static Map<String, String> owners(DatabaseUrl database) throws SQLException {
    Map<String, String> owners = new HashMap<>();
    eachPartition(database, "subscription || '/' || partition, owner", rows -> owners.put(rows.getString(1), rows.getString(2)));
    return owners;
  }

  /** The sum of every partition's lease epoch: how many times a lease was taken, in total. */
  private static long epochs(DatabaseUrl database) throws SQLException {
    AtomicLong sum = new AtomicLong();
    eachPartition(database, "'', epoch", rows -> sum.addAndGet(rows.getLong(2)));
    return sum.get();
  }

  private interface RowReader {
    void read(ResultSet row) throws SQLException;
  }

  private static void eachPartition(DatabaseUrl database, String columns, RowReader reader) throws SQLException {
    try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.jdbcProperties());
         Statement sql = connection.createStatement()) {
      List<String> schemas = new ArrayList<>();
      try (ResultSet rows = sql.executeQuery("select table_schema from information_schema.tables where table_name = 'subscription_partitions'")) {
        while (rows.next()) {
          schemas.add(rows.getString(1));
        }
      }
      for (String schema : schemas) {
        try (ResultSet rows = sql.executeQuery("select " + columns + " from " + schema + ".subscription_partitions")) {
          while (rows.next()) {
            reader.read(rows);
          }
        }
      }
    }
  }

  /**
   * While a fault lasts, asks every running node each second for its readiness, the cluster's view and the parked events of
   * the whole cluster (requests it puts to every member it sees, over the event bus): how long the slowest took, and what
   * readiness each node answered.
   */
  private static final class Probes {

    private final LabCluster cluster;
    private final AtomicLong slowest = new AtomicLong();
    private final Map<String, Set<Integer>> readiness = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile boolean stopped;
    private final CompletableFuture<Void> running;

    private Probes(LabCluster cluster) {
      this.cluster = cluster;
      this.running = CompletableFuture.runAsync(this::loop);
    }

    static Probes start(LabCluster cluster) {
      return new Probes(cluster);
    }

    private void loop() {
      while (!stopped) {
        long round = System.nanoTime();
        for (NodeProcess node : cluster.live()) {
          long asked = System.nanoTime();
          try {
            HttpResponse<String> parked = node.get("/ops/parked");
            assertThat(node.get("/cluster").statusCode()).as(node + " /cluster").isEqualTo(200);
            slowest.accumulateAndGet((System.nanoTime() - asked) / 1_000_000, Math::max);
            readiness.computeIfAbsent(node.toString(), n -> new java.util.TreeSet<>()).add(node.get("/ready").statusCode());
            assertThat(parked.statusCode()).as(node + " /ops/parked: " + parked.body()).isIn(200, 503);
          } catch (java.io.IOException e) {
            slowest.accumulateAndGet((System.nanoTime() - asked) / 1_000_000, Math::max);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
        long pause = 1_000 - (System.nanoTime() - round) / 1_000_000;
        if (pause > 0) {
          try {
            TimeUnit.MILLISECONDS.sleep(pause);    // one round a second
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
      }
    }

    void stop() {
      stopped = true;
      running.join();
    }

    long slowestMs() {
      return slowest.get();
    }

    Map<String, Set<Integer>> readiness() {
      return readiness;
    }
  }
}
