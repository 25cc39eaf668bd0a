package dev.chorus.launcher;

import dev.chorus.platform.db.DatabaseUrl;
import dev.chorus.testkit.Poll;
import io.vertx.core.json.JsonArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Registration → welcome coupon and inviter points, across node JVMs: customers on every node, promotions on
 * some, with nodes killed, restarted and added while registrations pour in. Sizes: {@code -Dchorus.chaos.registrations}
 * (500 by default, as the suite runs it; the chaos profile runs 2,000).
 */
class PublicationIT {

  private static final String[] SUBSCRIPTIONS = {"promotions.registrations", "promotions.views"};

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
  @DisplayName("every customer gets one coupon and every inviter 100 points per invitee, through a kill -9, a restart and a new node")
  void exactlyOnceThroughChaos() throws Exception {
    int count = Integer.getInteger("chorus.chaos.registrations", 500);
    NodeProcess a = start("a", "customers");
    NodeProcess b = start("b", "customers,promotions");
    NodeProcess c = start("c", "customers,promotions");
    List<NodeProcess> up = new CopyOnWriteArrayList<>(List.of(a, b, c));
    List<String> inviters = Registrations.register(() -> up, 5, List.of(), 5).stream().map(Registrations.Registered::id).toList();

    AtomicInteger progress = new AtomicInteger();
    CompletableFuture<List<Registrations.Registered>> load = CompletableFuture.supplyAsync(
      () -> Registrations.register(() -> up, count, inviters, 16, progress));
    Poll.until(Duration.ofSeconds(60), () -> progress.get() >= count / 3, () -> "load stalled at " + progress.get());
    up.remove(c);
    c.kill();
    NodeProcess restarted = start("c-again", "customers,promotions");
    up.add(restarted);
    Poll.until(Duration.ofSeconds(60), () -> progress.get() >= 2 * count / 3, () -> "load stalled at " + progress.get());
    NodeProcess d = start("d", "customers,promotions");
    up.add(d);
    List<Registrations.Registered> registered = load.join();

    Poll.until(Duration.ofSeconds(20), () -> LocalCluster.owners(a, "promotions.registrations").values().stream().anyMatch(d.nodeId()::equals),
      () -> "the new node never took a partition: " + LocalCluster.owners(a, "promotions.registrations"));
    PromotionInvariants.awaitConsistent(b, inviters, registered);
    Duration caughtUp = Poll.until(Duration.ofSeconds(10), () -> LocalCluster.caughtUp(a, 16, SUBSCRIPTIONS), () -> "lag never fell to 0: " + LocalCluster.cluster(a));
    System.out.printf("chaos: %d registrations; lag 0 on every partition %d ms after the coupons were all visible%n", count, caughtUp.toMillis());
  }

  @Test
  @DisplayName("kill -STOP of a node under load: the others take its partitions and go on within 30 s; after kill -CONT nothing is applied twice")
  void pausedNodeHoldsTheOthersBackBriefly() throws Exception {
    int count = Integer.getInteger("chorus.chaos.registrations", 2_000);
    long pauseMs = Duration.ofSeconds(Integer.getInteger("chorus.chaos.pause.seconds", 20)).toMillis();
    NodeProcess a = start("a", "customers,promotions");
    NodeProcess b = start("b", "customers,promotions");
    NodeProcess c = start("c", "customers,promotions");
    List<NodeProcess> up = List.of(a, c);
    List<String> inviters = Registrations.register(() -> up, 5, List.of(), 5).stream().map(Registrations.Registered::id).toList();
    Poll.until(Duration.ofSeconds(20), () -> LocalCluster.owners(a, "promotions.registrations").containsValue(b.nodeId()),
      () -> "b never took a partition: " + LocalCluster.owners(a, "promotions.registrations"));

    AtomicInteger progress = new AtomicInteger();
    CompletableFuture<List<Registrations.Registered>> load = CompletableFuture.supplyAsync(
      () -> Registrations.register(() -> up, count, inviters, 8, progress));
    Poll.until(Duration.ofSeconds(60), () -> progress.get() >= count / 10, () -> "load stalled at " + progress.get());
    signal(b, "STOP");
    long pausedAt = System.nanoTime();
    List<Registrations.Registered> probes = Registrations.register(() -> List.of(a), 32, List.of(), 4);  // some on b's partitions
    Poll.until(Duration.ofSeconds(30), () -> coupons(a, probes).values().stream().allMatch(coupons -> new JsonArray(coupons).size() == 1),
      () -> "registrations made while b is paused have no coupon 30 s later: " + LocalCluster.cluster(a));
    long resumedMs = (System.nanoTime() - pausedAt) / 1_000_000;
    Thread.sleep(Math.max(0, pauseMs - resumedMs)); // the rest of the fault's duration, not a synchronisation
    signal(b, "CONT");
    List<Registrations.Registered> registered = new ArrayList<>(load.join());
    registered.addAll(probes);

    PromotionInvariants.awaitConsistent(a, inviters, registered);
    Poll.until(Duration.ofSeconds(30), () -> LocalCluster.caughtUp(a, 16, SUBSCRIPTIONS), () -> "lag never fell to 0: " + LocalCluster.cluster(a));
    System.out.printf("paused node: %d registrations; kill -STOP of one node of three for %d ms; 32 registrations made after it had their"
      + " coupons %d ms later; exactly once after kill -CONT%n", count, pauseMs, resumedMs);
  }

  @Test
  @DisplayName("with no promotions node, registrations succeed; a promotions node started later catches up on all of them")
  void catchesUpAfterBeingDown() {
    NodeProcess a = start("a", "customers");
    NodeProcess b = start("b", "customers");
    List<String> inviters = Registrations.register(() -> List.of(a, b), 3, List.of(), 3).stream().map(Registrations.Registered::id).toList();
    List<Registrations.Registered> registered = Registrations.register(() -> List.of(a, b), 2_000, inviters, 32);

    long begin = System.nanoTime();
    NodeProcess promotions = start("promotions", "promotions");
    PromotionInvariants.awaitConsistent(promotions, inviters, registered);
    System.out.printf("catch-up: 2003 registrations processed %d ms after the promotions node was started%n",
      (System.nanoTime() - begin) / 1_000_000);
  }

  @Test
  @DisplayName("replay rebuilds damaged coupon and points read models; registrations made during the replay are applied exactly once")
  void replayRebuildsReadModels() throws Exception {
    NodeProcess node = start("a", "customers,promotions");
    List<String> inviters = Registrations.register(() -> List.of(node), 2, List.of(), 2).stream().map(Registrations.Registered::id).toList();
    List<Registrations.Registered> registered = Registrations.register(() -> List.of(node), 100, inviters, 8);
    PromotionInvariants.awaitConsistent(node, inviters, registered);
    Map<String, String> intact = coupons(node, registered);
    damage(registered.subList(0, 20), inviters.get(0));
    assertThat(coupons(node, registered)).as("the damaged coupons").isNotEqualTo(intact);
    assertThat(node.getJson("/promotions/customers/" + inviters.get(0) + "/points").getJsonArray("entries")).as("the damaged points").isEmpty();

    CompletableFuture<List<Registrations.Registered>> during = CompletableFuture.supplyAsync(
      () -> Registrations.register(() -> List.of(node), 50, inviters, 4));
    var replay = node.post("/ops/subscriptions/promotions.views/replay", "");
    var refused = node.post("/ops/subscriptions/promotions.registrations/replay", "");
    List<Registrations.Registered> all = new ArrayList<>(registered);
    all.addAll(during.join());

    assertThat(replay.statusCode()).as(replay.body()).isEqualTo(202);
    assertThat(refused.statusCode()).as("a policy that appends events is not replayed").isEqualTo(409);
    PromotionInvariants.awaitConsistent(node, inviters, all);
    assertThat(coupons(node, registered)).isEqualTo(intact);
  }

  /** Deletes the coupons of half these customers and changes the others' amounts; deletes every points entry of the inviter. */
  private void damage(List<Registrations.Registered> customers, String inviter) throws Exception {
    DatabaseUrl database = cluster.database();
    try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.jdbcProperties());
         PreparedStatement delete = connection.prepareStatement("delete from promotions.coupons where customer_id = ?::uuid");
         PreparedStatement change = connection.prepareStatement("update promotions.coupons set amount = 1 where customer_id = ?::uuid");
         PreparedStatement points = connection.prepareStatement("delete from promotions.points_entries where customer_id = ?::uuid")) {
      for (int i = 0; i < customers.size(); i++) {
        PreparedStatement statement = i % 2 == 0 ? delete : change;
        statement.setString(1, customers.get(i).id());
        assertThat(statement.executeUpdate()).isEqualTo(1);
      }
      points.setString(1, inviter);
      assertThat(points.executeUpdate()).isPositive();
    }
  }

  private static void signal(NodeProcess node, String signal) throws Exception {
    assertThat(new ProcessBuilder("kill", "-" + signal, Long.toString(node.pid())).inheritIO().start().waitFor()).isZero();
  }

  private NodeProcess start(String name, String contexts) {
    return cluster.start(name, contexts);
  }

  private static Map<String, String> coupons(NodeProcess node, List<Registrations.Registered> registered) throws Exception {
    Map<String, String> coupons = new HashMap<>();
    for (Registrations.Registered r : registered) {
      coupons.put(r.id(), node.get("/promotions/customers/" + r.id() + "/coupons").body());
    }
    return coupons;
  }
}
