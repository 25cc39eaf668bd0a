package dev.chorus.launcher;

import dev.chorus.platform.eventstore.Partitioner;
import dev.chorus.testkit.Poll;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nodes started from the jar with {@code --cluster-tls} exchange events over a TLS event bus, while a process that
 * joins their Hazelcast cluster without a certificate of their CA — with none, or with one of another CA — can neither
 * call any handler the members registered nor receive what they publish. The same process does both with nodes started
 * without {@code --cluster-tls}, and so does one that joins the TLS cluster with a certificate of its CA: what the
 * outsiders miss, TLS keeps from them.
 */
class ClusterTlsIT {

  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(3);
  /** A well-formed read of a log's first events (or of a subscription's lag): what a member would ask. */
  private static final JsonObject LOG_READ = new JsonObject().put("partitions", new JsonArray()
    .add(new JsonObject().put("partition", 0).put("tx", 0).put("position", 0).put("limit", 10)));
  /** Where the promotions node answers log reads, in a codec of the members' own, which a guest cannot decode. */
  private static final String PROMOTIONS_LOG = "chorus.promotions.log";
  /** Where the promotions node answers a subscription's lag, in JSON. */
  private static final String PROMOTIONS_LAG = "chorus.promotions.log.lag";
  /**
   * Where the customers node publishes that a partition of its log grew, one address per partition; the promotions node's
   * subscription, which owns every partition, listens at each.
   */
  private static final List<String> CUSTOMERS_APPENDED = IntStream.range(0, Partitioner.DEFAULT_PARTITIONS)
    .mapToObj(partition -> "chorus.customers.log.appended." + partition).toList();
  /** How the address at which a subscription hears that it was replayed ends. */
  private static final String REPLAYED = ".replayed";
  /** A node's count of the messages from other processes that it gave its handlers. */
  private static final String DELIVERED_FROM_OTHERS = "vertx_eventbus_delivered_total{side=\"remote\"}";
  /** Publications a listener registered after the rogue hears before the rogue's count is read. */
  private static final int PUBLICATIONS = 5;
  private static final Duration PUBLISHING = Duration.ofSeconds(30);

  @TempDir
  static Path work;
  private static LocalCluster cluster;
  private static NodeProcess customers;
  private static NodeProcess promotions;
  /** A process with a certificate of the cluster's CA, joined as the outsiders join. */
  private static ClusterGuest insider;

  @BeforeAll
  static void startTlsCluster() throws Exception {
    JarCommand.run(work, "cluster-tls", "init", "tls", "--nodes", "3");
    JarCommand.run(work, "cluster-tls", "init", "foreign", "--nodes", "1");
    cluster = new LocalCluster(work);
    customers = cluster.start("customers", "customers", "--cluster-tls", "tls/node-1");
    promotions = cluster.start("promotions", "promotions", "--cluster-tls", "tls/node-2");
    insider = ClusterGuest.join(cluster.clusterConfig(), tls(work.resolve("tls/node-3")));
    awaitWelcomed(register(customers), promotions, "promotions, on the other node, never read the first registration from customers' log");
  }

  @AfterAll
  static void stopCluster() throws Exception {
    insider.close();
    cluster.close();
  }

  @Test
  @DisplayName("two nodes with certificates of the cluster's CA exchange events over TLS")
  void membersExchangeEvents() throws Exception {
    awaitWelcomed(register(customers), promotions, "promotions, on the other node, never read the registration from customers' log");
    assertThat(customers.output() + promotions.output()).contains("cluster TLS");
  }

  @Test
  @DisplayName("without --cluster-tls, a process that joins the nodes' Hazelcast with no certificate calls their handlers and hears what they publish")
  void plainNodesLetAnyoneIn() throws Exception {
    try (LocalCluster plain = new LocalCluster(Files.createDirectories(work.resolve("plain")))) {
      NodeProcess plainCustomers = plain.start("plain-customers", "customers");
      NodeProcess plainPromotions = plain.start("plain-promotions", "promotions");
      awaitWelcomed(register(plainCustomers), plainPromotions, "plain nodes: promotions never read the registration from customers' log");
      try (ClusterGuest rogue = ClusterGuest.join(plain.clusterConfig(), new EventBusOptions());
           ClusterGuest witness = ClusterGuest.join(plain.clusterConfig(), new EventBusOptions())) {
        int handlers = assertCallsEveryHandler(rogue, plainPromotions, "no certificate, plain nodes");
        int heard = heardAlongside(rogue, witness, plainCustomers);
        assertThat(heard).as("no certificate, plain nodes: publications it heard").isPositive();
        System.out.printf("cluster TLS: without it, a process with no certificate reached %d handlers of a node and heard %d of %d"
          + " publications another heard%n", handlers, heard, PUBLICATIONS);
      }
    }
  }

  @Test
  @DisplayName("a process that joins with a certificate of the cluster's CA calls the members' handlers and hears what they publish")
  void insiderCallsAndHears() throws Exception {
    assertCallsEveryHandler(insider, promotions, "a certificate of the cluster's CA");
    try (ClusterGuest.Listener heard = insider.listen(CUSTOMERS_APPENDED)) {
      Poll.until(PUBLISHING, () -> {
        register(customers);
        return heard.count() > 0;
      }, () -> "a certificate of the cluster's CA: no publication of the members heard in " + PUBLISHING);
    }
  }

  @Test
  @DisplayName("a process without a certificate of the cluster's CA calls no handler and hears nothing")
  void outsidersExchangeNothing() throws Exception {
    for (Map.Entry<String, EventBusOptions> outsider : Map.of(
      "no certificate", new EventBusOptions(),
      "another CA's certificate", tls(work.resolve("foreign/node-1"))).entrySet()) {
      try (ClusterGuest rogue = ClusterGuest.join(cluster.clusterConfig(), outsider.getValue())) {
        Reach reach = reach(rogue, promotions);
        assertThat(reach.delivered()).as(outsider.getKey() + ": messages of its " + reach.outcomes().size()
          + " requests that the target gave its handlers " + reach.outcomes()).isZero();
        assertThat(reach.outcomes()).as(outsider.getKey() + ": requests answered").doesNotContainValue(ClusterGuest.ANSWERED);

        assertThat(heardAlongside(rogue, insider, customers))
          .as(outsider.getKey() + ": publications of the members it heard while one with the cluster's certificate heard " + PUBLICATIONS)
          .isZero();
        awaitWelcomed(register(customers), promotions, "the members stopped exchanging events while " + outsider.getKey() + " listened");
      }
    }
  }

  /**
   * Checks that each request of {@code guest} to {@code target}'s handlers reached one, and that its read of a lag was
   * answered; returns how many it reached.
   */
  private static int assertCallsEveryHandler(ClusterGuest guest, NodeProcess target, String who) throws Exception {
    Reach reach = reach(guest, target);
    assertThat(reach.delivered()).as(who + ": messages of its requests " + reach.outcomes() + " that the target gave its handlers")
      .isEqualTo((long) reach.outcomes().size());
    assertThat(reach.outcomes()).as(who + ": what its requests came to").containsEntry(PROMOTIONS_LAG, ClusterGuest.ANSWERED);
    Map<String, String> answering = new TreeMap<>(reach.outcomes());
    answering.keySet().removeIf(ClusterTlsIT::onlyListens);
    answering.remove(PROMOTIONS_LOG);
    assertThat(answering).as(who + ": what its requests to handlers that answer came to (a malformed one is failed, not left to time out)")
      .doesNotContainValue("TIMEOUT");
    return reach.outcomes().size();
  }

  /** Whether the handlers at an address only listen (hints, replays), answering nothing. */
  private static boolean onlyListens(String address) {
    return address.contains(".log.appended.") || address.endsWith(REPLAYED);
  }

  /**
   * Sends a log read from {@code guest} to every address at which only {@code target} has handlers and waits until each is
   * answered or failed. Meanwhile no other process sends {@code target} anything (it hosts promotions, and nothing registers
   * a customer), so the messages from other processes that it gave its handlers are the guest's that reached one.
   * <p>
   * A message at a subscription's replay address, whatever it holds, restarts the subscription's partitions, which stop
   * listening to their hints for that moment: those addresses are asked last, so that no other message arrives meanwhile.
   */
  private static Reach reach(ClusterGuest guest, NodeProcess target) throws Exception {
    Set<String> addresses = guest.addressesOnlyAt(target.nodeId());
    assertThat(addresses).as("the target's handlers, as the cluster lists them").contains(PROMOTIONS_LOG, PROMOTIONS_LAG)
      .containsAll(CUSTOMERS_APPENDED);
    Map<Boolean, Set<String>> restarting = addresses.stream().collect(Collectors.partitioningBy(a -> a.endsWith(REPLAYED), Collectors.toSet()));
    assertThat(restarting.get(true)).as("the target's subscriptions' replay addresses, asked last").isNotEmpty();
    double before = deliveredFromOthers(target);
    Map<String, String> outcomes = new TreeMap<>(guest.request(restarting.get(false), LOG_READ, REQUEST_TIMEOUT));
    outcomes.putAll(guest.request(restarting.get(true), LOG_READ, REQUEST_TIMEOUT));
    return new Reach(outcomes, Math.round(deliveredFromOthers(target) - before));
  }

  /**
   * The messages from other processes that {@code target} gave its handlers. The series is listed from the first: a node
   * that caught up by its safety poll, before any hint reached it, has none yet.
   */
  private static double deliveredFromOthers(NodeProcess target) throws Exception {
    return target.listedMetric(DELIVERED_FROM_OTHERS).orElse(0);
  }

  /**
   * What a guest's requests came to.
   *
   * @param outcomes  by address, whether it was answered or how it failed
   * @param delivered the messages from other processes that the target gave its handlers meanwhile
   */
  private record Reach(Map<String, String> outcomes, long delivered) {
  }

  /**
   * Registers customers, each a publication of the customers node, until {@code witness}, listening from after
   * {@code rogue}, has heard {@value #PUBLICATIONS}; returns how many {@code rogue} heard meanwhile. A node publishes to the
   * handlers its last read of the address's registrations listed, and it reads the whole list again on each change: a list
   * with the witness's registration holds the rogue's, made before it, so each of those publications went to the rogue too.
   */
  private static int heardAlongside(ClusterGuest rogue, ClusterGuest witness, NodeProcess customers) throws Exception {
    try (ClusterGuest.Listener rogueHeard = rogue.listen(CUSTOMERS_APPENDED);
         ClusterGuest.Listener witnessHeard = witness.listen(CUSTOMERS_APPENDED)) {
      Poll.until(PUBLISHING, () -> {
        register(customers);
        return witnessHeard.count() >= PUBLICATIONS;
      }, () -> "the witness heard " + witnessHeard.count() + " publications of the customers node in " + PUBLISHING);
      return rogueHeard.count();
    }
  }

  private static EventBusOptions tls(Path dir) {
    EventBusOptions options = new EventBusOptions();
    ClusterTls.apply(options, dir);
    return options;
  }

  private static String register(NodeProcess customers) throws Exception {
    HttpResponse<String> registered = customers.post("/customers",
      new JsonObject().put("email", UUID.randomUUID() + "@example.com").put("name", "C").encode());
    assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
    return new JsonObject(registered.body()).getString("id");
  }

  private static void awaitWelcomed(String customer, NodeProcess promotions, String failure) {
    Poll.until(Duration.ofSeconds(30), () -> promotions.get("/promotions/customers/" + customer + "/coupons").body().contains("WELCOME"),
      () -> failure);
  }
}
