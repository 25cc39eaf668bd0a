package dev.chorus.launcher;

import dev.chorus.platform.db.DatabaseUrl;
import dev.chorus.testkit.Poll;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

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
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
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
 * (or {@code random}), {@code -Dchorus.partitions.fault=PT20S}: the suite runs one schedule with the shortest fault that
 * shows what it expects, {@code -Ppartitions} all of them (see docs/partitions.md). Where no lab can be built the test is
 * skipped, saying why, except under {@code CI=true}, where it fails.
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
    Optional<String> missing = NetworkLab.unavailable();
    if (missing.isPresent()) {
      String reason = "no network lab here: " + missing.get();
      if ("true".equals(System.getenv("CI"))) {
        throw new AssertionError(reason + " (CI=true: CI runs the tests as root, with the README's test requirements installed)");
      }
      // A test of its own, so that the report counts it skipped and says why.
      return Stream.of(DynamicTest.dynamicTest("skipped", () -> {
        System.out.println("PartitionIT skipped, " + reason);
        Assumptions.abort(reason);
      }));
    }
    String names = System.getProperty("chorus.partitions.schedules", "KILL_DURING_PARTITION");
    List<FaultSchedule> schedules = names.equals("all") ? List.of(FaultSchedule.values())
      : Arrays.stream(names.split(",")).map(String::trim).map(FaultSchedule::valueOf).toList();
    String seedList = System.getProperty("chorus.partitions.seeds", "random");
    List<Long> seeds = seedList.equals("random") ? List.of(System.nanoTime() % 1_000_000)
      : Arrays.stream(seedList.split(",")).map(String::trim).map(Long::parseLong).toList();
    Duration fault = Duration.parse(System.getProperty("chorus.partitions.fault", "PT16S"));
    for (FaultSchedule schedule : schedules) {
      assertThat(fault).as("the fault's length for %s: what it expects (%s) shows only in a fault of at least %s", schedule,
        schedule.expect(), schedule.expect().shortestFault()).isGreaterThanOrEqualTo(schedule.expect().shortestFault());
    }
    return schedules.stream().flatMap(schedule -> seeds.stream().map(seed ->
      DynamicTest.dynamicTest(schedule + " seed " + seed, () -> {
        try {
          run(schedule, seed, fault);
        } catch (AssertionError | Exception e) {
          throw new AssertionError(schedule + " seed " + seed + " failed; to run it again: " + rerun(schedule, seed, fault)
            + "\n" + e.getMessage(), e);
        }
      })));
  }

  /** The command that runs {@code schedule} with {@code seed} again, as a failed run names it. */
  private static String rerun(FaultSchedule schedule, long seed, Duration fault) {
    return "mvn -B verify -pl launcher -Dit.test=PartitionIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false"
      + " -Dchorus.partitions.schedules=" + schedule + " -Dchorus.partitions.seeds=" + seed + " -Dchorus.partitions.fault=" + fault;
  }

  private void run(FaultSchedule schedule, long seed, Duration faultLength) throws Exception {
    System.out.printf("%s seed %d: %d hosts, the load for %d s, a fault of %s, the load for %d s after the heal; to run it again: %s%n",
      schedule, seed, schedule.hosts(), WARM_UP.toSeconds(), faultLength, TAIL.toSeconds(), rerun(schedule, seed, faultLength));
    // Apart, so that a seed picks the same hosts whatever the load's threads did meanwhile.
    Random faults = new Random(seed);
    Random work = new Random(seed * 31 + 7);
    try (LabCluster cluster = new LabCluster(freshDirectory(schedule + "-" + seed), schedule.hosts())) {
      cluster.startAll();
      FaultSchedule.Fault wholeRun = schedule.wholeRun() ? schedule.inject(cluster, faults) : null;
      List<String> skus = OrderFlowLoad.stockProducts(cluster::live, work);
      List<String> customers = OrderFlowLoad.fundCustomers(cluster::live, work);
      List<String> inviters = Registrations.register(cluster::live, 20, List.of(), 4).stream().map(Registrations.Registered::id).toList();
      OrderFlowLoad.awaitCatalogueKnown(cluster.live().get(0));

      RequestLog log = new RequestLog();
      MixedLoad.Outcome outcome;
      long loadStarted = System.nanoTime();
      long faultStarted;
      long midway;
      long healed;
      long leasesBeforeMidway;
      long leasesAfterMidway;
      FaultSchedule.Fault fault;
      Duration membersJoined;
      try (MixedLoad load = new MixedLoad(cluster::live, inviters, skus, customers, work, log);
           Probes probes = new Probes(cluster)) {
        load.start(REGISTRATIONS_PER_SECOND, ORDERS_PER_SECOND);
        hold(WARM_UP);
        long epochsBefore = epochs(cluster.database().audit());
        Set<String> upBefore = names(cluster.live());
        faultStarted = System.nanoTime();
        fault = wholeRun != null ? wholeRun : schedule.inject(cluster, faults);
        System.out.printf("%s seed %d: %s, %s%n", schedule, seed, fault.description(), wholeRun != null ? "the whole run" : "for " + faultLength);
        probes.start();
        hold(faultLength.dividedBy(2));
        long epochsMidway = epochs(cluster.database().audit());
        midway = System.nanoTime();
        fault.midway().run();
        Set<String> killed = new TreeSet<>(upBefore);
        killed.removeAll(names(cluster.live()));
        hold(faultLength.dividedBy(2));
        leasesBeforeMidway = epochsMidway - epochsBefore;
        leasesAfterMidway = epochs(cluster.database().audit()) - epochsMidway;
        healed = System.nanoTime();
        Set<String> upAfter = names(cluster.live());
        probes.close();
        if (wholeRun == null) {
          fault.heal().run();
        }
        long windowStart = wholeRun != null ? loadStarted : faultStarted;
        RequestLog.Tally during = log.between(windowStart, healed);
        Map<String, RequestLog.Tally> afterMidway = log.byNode(midway, healed);
        System.out.printf("%s seed %d: %s; during the fault (%d ms%s): requests %s, by node %s, by node after the midway %s; killed %s;"
            + " leases taken %d before the midway, %d after; slowest /cluster %d ms, slowest /ops/parked %d ms, readiness %s%n", schedule,
          seed, fault.description(), (healed - windowStart) / 1_000_000, wholeRun != null ? ", from the load's start" : "", during,
          log.byNode(windowStart, healed), afterMidway, killed, leasesBeforeMidway, leasesAfterMidway, probes.slowestClusterMs(),
          probes.slowestParkedMs(), probes.readiness());
        // What the checks below look at happened: a check of nothing passes whatever the cluster did.
        assertThat(killed).as("nodes killed halfway").hasSize(schedule.expect() == FaultSchedule.Expect.NODE_DIES ? 1 : 0);
        assertThat(log.byNode(windowStart, midway).keySet()).as("nodes the load reached before the midway").containsAll(upBefore);
        assertThat(afterMidway.keySet()).as("nodes the load reached after the midway").containsAll(upAfter);
        assertThat(probes.readiness().keySet()).as("nodes whose readiness was probed during the fault").containsAll(upBefore);

        assertThat(probes.slowestClusterMs()).as("/cluster, which asks every member it sees over the event bus").isLessThan(3_000);
        assertThat(probes.slowestParkedMs()).as("/ops/parked, which asks every member and the database").isLessThan(10_000);
        assertThat(log.between(windowStart, midway).unanswered()).as("requests left unanswered during the fault, before the midway").isZero();
        long unansweredByTheLiving = afterMidway.entrySet().stream().filter(node -> !killed.contains(node.getKey()))
          .mapToLong(node -> node.getValue().unanswered()).sum();
        assertThat(unansweredByTheLiving).as("requests left unanswered after the midway by the nodes not killed").isZero();
        switch (schedule.expect()) {
          case LEASES_STAY -> {
            assertThat(leasesBeforeMidway + leasesAfterMidway).as("leases that changed hands during the fault").isZero();
            assertThat(probes.readiness().values()).as("readiness during the fault").allMatch(Set.of(200)::equals);
          }
          case LEASES_MOVE -> assertThat(leasesBeforeMidway + leasesAfterMidway).as("leases the cut-off node's partitions moved under")
            .isPositive();
          case NODE_DIES -> {
            assertThat(leasesBeforeMidway).as("leases that changed hands before the node died").isZero();
            assertThat(leasesAfterMidway).as("leases the dead node's partitions moved under").isPositive();
            assertThat(probes.readiness().values()).as("readiness during the fault, of the nodes alive").allMatch(Set.of(200)::equals);
          }
        }
        if (schedule == FaultSchedule.NODE_CUT_FROM_DATABASE) {
          assertThat(during.refused()).as("requests refused by the node without its database").isPositive();
          assertThat(probes.readiness().values()).as("readiness of the node without its database").anyMatch(codes -> codes.contains(503));
        }
        membersJoined = awaitMembers(cluster, healed);
        hold(TAIL);
        outcome = load.stop();
      }
      Duration converged = awaitConverged(cluster, healed);
      assertThat(converged).as("from the heal until one owner per partition and no lag").isLessThan(CONVERGED_WITHIN);

      NodeProcess node = cluster.live().get(0);
      PromotionInvariants.awaitConsistent(node, inviters, outcome.registered());
      OrderFlowAudit audit = OrderFlowInvariants.awaitConsistent(cluster.database().audit(), node, outcome.placed(), skus, customers);
      OrderFlowInvariants.assertReadModelMatches(node, audit, customers);
      assertThat(log.between(loadStarted, System.nanoTime()).failed()).as("requests failed with 500").isZero();
      System.out.printf("%s seed %d: after the heal: members %d ms, converged (one owner per partition, lag 0) %d ms; load %d registrations,"
          + " %d orders placed (%s), %d refused for stock; invariants held%n", schedule, seed, membersJoined.toMillis(), converged.toMillis(),
        outcome.registered().size(), outcome.placed().size(), OrderFlowInvariants.outcomes(audit), outcome.refusedForStock());
    }
  }

  /** The names of {@code nodes}, as the request log and the probes know them. */
  private static Set<String> names(List<NodeProcess> nodes) {
    return nodes.stream().map(NodeProcess::toString).collect(Collectors.toCollection(TreeSet::new));
  }

  /** This run's directory, emptied: its node logs stay there after the run. */
  private static Path freshDirectory(String name) throws java.io.IOException {
    Path dir = RUNS.resolve(name).toAbsolutePath();
    if (Files.exists(dir)) {
      try (Stream<Path> old = Files.walk(dir)) {
        old.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
    return Files.createDirectories(dir);
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
   * While a fault lasts, asks every running node each second for its readiness, the cluster's view (which it puts together
   * by asking every member it sees over the event bus) and the parked events of the whole cluster (every member, and its
   * database): how long the slowest of each took, and what readiness each node answered.
   */
  private static final class Probes implements AutoCloseable {

    private final LabCluster cluster;
    private final AtomicLong slowestCluster = new AtomicLong();
    private final AtomicLong slowestParked = new AtomicLong();
    private final Map<String, Set<Integer>> readiness = new ConcurrentHashMap<>();
    private volatile boolean stopped;
    private CompletableFuture<Void> running = CompletableFuture.completedFuture(null);

    Probes(LabCluster cluster) {
      this.cluster = cluster;
    }

    void start() {
      running = CompletableFuture.runAsync(this::loop);
    }

    private void loop() {
      while (!stopped) {
        long round = System.nanoTime();
        for (NodeProcess node : cluster.live()) {
          int ready = status(node, "/ready", null);
          int clusterView = status(node, "/cluster", slowestCluster);
          int parked = status(node, "/ops/parked", slowestParked);
          if (cluster.live().contains(node)) {    // not killed by the schedule meanwhile
            readiness.computeIfAbsent(node.toString(), n -> new TreeSet<>()).add(ready);
            assertThat(clusterView).as(node + " /cluster").isEqualTo(200);
            assertThat(parked).as(node + " /ops/parked").isIn(200, 503);
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

    /** The status {@code path} answered (-1 for no answer within the client's 5 s), its time counted in {@code slowest}. */
    private static int status(NodeProcess node, String path, AtomicLong slowest) {
      long asked = System.nanoTime();
      int status;
      try {
        status = node.get(path).statusCode();
      } catch (java.io.IOException e) {
        status = RequestLog.UNANSWERED;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        status = RequestLog.UNANSWERED;
      }
      if (slowest != null) {
        slowest.accumulateAndGet((System.nanoTime() - asked) / 1_000_000, Math::max);
      }
      return status;
    }

    /** Stops probing; a failed probe fails here, once. */
    @Override
    public void close() {
      if (!stopped) {
        stopped = true;
        running.join();
      }
    }

    long slowestClusterMs() {
      return slowestCluster.get();
    }

    long slowestParkedMs() {
      return slowestParked.get();
    }

    Map<String, Set<Integer>> readiness() {
      return readiness;
    }
  }
}
