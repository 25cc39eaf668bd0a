package dev.chorus.platform.subscription;

import dev.chorus.platform.command.SqlWrite;
import dev.chorus.platform.eventstore.LogTransaction;
import dev.chorus.platform.eventstore.NewEvent;
import dev.chorus.platform.eventstore.Partitioner;
import dev.chorus.platform.eventstore.RecordedEvent;
import dev.chorus.platform.eventstore.StreamAppend;
import dev.chorus.testkit.Poll;
import dev.chorus.testkit.TestSchema;
import dev.chorus.platform.web.WebErrors;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static dev.chorus.testkit.Await.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A subscription from one context's log ("source") to another context's schema ("sink"), in one JVM against
 * a real PostgreSQL: several runners stand for several nodes.
 * <p>
 * The effect is not idempotent: every application inserts a row into {@code seen}, naming the node that applied
 * it and the lease (owner, epoch) its transaction saw, so a double apply is a second row and a commit under a
 * lost lease is a row whose node is not the lease's owner. Fencing and the inbox are each proven beside a
 * negative control: the same scenario against a deliberately broken variant, which the proof must reject.
 */
class SubscriptionIT {

  private static final String NAME = "sink.recorder";
  /** The log it follows, which its partitions are assigned by. */
  private static final String SOURCE = "source";
  private static final Partitioner PARTITIONS = new Partitioner(16);
  private static final SubscriptionOptions FAST = new SubscriptionOptions(50, 3, 20, 100);
  /** A safety poll too rare to show in a test: what a partition reads, it must finish on its own. */
  private static final SubscriptionOptions WITHOUT_SAFETY_POLL = new SubscriptionOptions(50, 3, 20, 600_000);
  private static final String APPLY = "insert into seen (event_id, stream_id, version, node, lease_owner, lease_epoch)"
    + " select $1, $2, $3, $4, owner, epoch from subscription_partitions where subscription = '" + NAME + "' and partition = $5";

  private final TestSchema db = new TestSchema("sink", "source");
  private final Pool source = db.pool("source", 8);
  private final Pool sink = db.pool("sink", 8);
  private final LogHints sourceHints = new LogHints(db.vertx, SOURCE);
  private final List<String> nodes = new CopyOnWriteArrayList<>();
  /** A node's own view of the cluster, where it differs from {@link #nodes} (a network partition). */
  private final Map<String, List<String>> views = new ConcurrentHashMap<>();
  private final Set<UUID> failing = ConcurrentHashMap.newKeySet();
  /** Failures to come, as an unreachable database's, of an event named {@code streamId@version}. */
  private final Map<String, AtomicInteger> unreachableFor = new ConcurrentHashMap<>();
  private final Map<String, Gate> gates = new ConcurrentHashMap<>();
  private final Map<String, String> deployments = new HashMap<>();
  private final Map<String, SubscriptionVerticle> runners = new ConcurrentHashMap<>();
  /** Whether the handler declares its effects as computed from the event alone (as a projection does). */
  private volatile boolean effectsFromEventAlone;

  SubscriptionIT() {
    await(sink.query("create table seen (seq bigserial primary key, event_id uuid not null, stream_id text not null,"
      + " version int not null, node text not null, lease_owner text, lease_epoch bigint)").execute());
    await(LogService.serve(db.vertx, "source", source));
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  @DisplayName("every event is applied once, in stream order, with its inbox record and checkpoint")
  void appliesEveryEventOnce() {
    startNode("node-a");
    List<UUID> appended = appendEvents(40, 25);

    awaitCaughtUp();

    assertAppliedOnce(appended.size());
    assertThat(db.count("select count(*) from sink.inbox")).isEqualTo(1000);
    assertThat(db.count("select count(*) from sink.parked_events")).isZero();
    assertStreamOrder();
    assertThat(db.count("select count(*) from sink.subscription_partitions where owner = 'node-a'")).isEqualTo(16);
  }

  @Test
  @DisplayName("a read whose events one batch cannot all take (a stream's versions, one batch each) is finished without a hint or a safety poll")
  void aReadIsFinishedBeforeThePartitionIdles() {
    startNode("node-a", PartitionLeases::new, WITHOUT_SAFETY_POLL);
    Poll.until(Duration.ofSeconds(10), () -> db.count("select count(*) from sink.subscription_partitions where owner = 'node-a'") == 16,
      () -> "node-a never took every partition");
    appendInOneTransaction("stream-0", 5);

    awaitCaughtUp();
    assertAppliedOnce(5);
    assertStreamOrder();
  }

  @Test
  @DisplayName("a subscription's status is read on its own context, where its partitions change, and not on the asker's thread")
  void statusIsReadOnTheSubscriptionsContext() throws Exception {
    SubscriptionVerticle runner = startNode("node-a");
    Context subscriptionContext = runner.status().map(status -> Vertx.currentContext()).await();
    assertThat(subscriptionContext).as("the context that read the status").isNotNull();
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch released = new CountDownLatch(1);
    subscriptionContext.runOnContext(v -> {
      entered.countDown();
      awaitLatch(released);
    });
    assertThat(entered.await(10, TimeUnit.SECONDS)).as("the subscription's context ran the blocking task").isTrue();

    Future<JsonObject> status = runner.status();
    boolean answeredWhileBusy = status.isComplete();
    released.countDown();
    assertThat(answeredWhileBusy).as("the status answered while the subscription's context was busy").isFalse();
    assertThat(status.await().getString("subscription")).isEqualTo(NAME);
  }

  private static void awaitLatch(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  @DisplayName("without a safety poll, each of two nodes hears the hints of the partitions it owns of the source, and applies their events")
  void eachNodeHearsTheHintsOfThePartitionsItOwns() {
    startNode("node-a", PartitionLeases::new, WITHOUT_SAFETY_POLL);
    startNode("node-b", PartitionLeases::new, WITHOUT_SAFETY_POLL);
    List<String> both = List.of("node-a", "node-b");
    Poll.until(Duration.ofSeconds(10), () -> db.count("select count(*) from sink.subscription_partitions where owner = 'node-b'")
        == IntStream.range(0, 16).filter(p -> Rendezvous.owner(SOURCE, p, both).equals("node-b")).count(),
      () -> "the nodes never settled on their shares");
    Poll.until(Duration.ofSeconds(10), () -> both.stream().allMatch(node -> runners.get(node).status().await().getJsonArray("partitions").stream()
        .allMatch(partition -> ((JsonObject) partition).getBoolean("waitingForEvents"))),
      () -> "the partitions never finished their first reads");
    Set<Integer> owned = new HashSet<>();
    for (String node : both) {
      SubscriptionVerticle runner = runners.get(node);
      assertThat(runner.partitionsHinted()).as(node + " listens to the hints of the partitions it owns, and of no other")
        .isEqualTo(runner.ownedPartitions());
      owned.addAll(runner.ownedPartitions());
    }
    assertThat(owned).as("partitions owned by either node").hasSize(16);
    Map<String, String> streamOf = new HashMap<>();
    for (int i = 0; streamOf.size() < 2; i++) {
      String stream = "hinted-" + i;
      streamOf.putIfAbsent(Rendezvous.owner(SOURCE, PARTITIONS.partitionOf(stream), both), stream);
    }
    streamOf.values().forEach(stream -> appendInOneTransaction(stream, 3));

    awaitCaughtUp();
    assertAppliedOnce(6);
    streamOf.forEach((node, stream) -> assertThat(text("select string_agg(distinct node, ',') from sink.seen where stream_id = '" + stream + "'"))
      .as("the node that applied " + stream).isEqualTo(node));
  }

  @ParameterizedTest(name = "effects declared as from the event alone: {0}")
  @ValueSource(booleans = {true, false})
  @DisplayName("a stream's events whose effects come from the event alone go into one transaction together; events whose handler may"
    + " read what their predecessor wrote each wait for it to commit")
  void eventsOfOneStreamShareATransactionOnlyWhenTheirEffectsComeFromTheEventAlone(boolean fromEventAlone) {
    effectsFromEventAlone = fromEventAlone;
    startNode("node-a");
    int versions = 200;
    appendInOneTransaction("stream-0", versions);

    awaitCaughtUp();

    assertAppliedOnce(versions);
    assertStreamOrder();
    long transactions = db.count("select count(distinct xmin::text) from sink.seen");
    if (fromEventAlone) {
      assertThat(transactions).as("transactions that applied " + versions + " versions of one stream, in batches of "
        + FAST.batchSize() + " at most").isLessThanOrEqualTo(2L * versions / FAST.batchSize());
    } else {
      assertThat(transactions).as("transactions that applied " + versions + " versions of one stream, each prepared on what its"
        + " predecessor committed").isEqualTo(versions);
    }
  }

  @Test
  @DisplayName("two nodes split the partitions; when one stops, the other takes them over; nothing is lost or applied twice")
  void nodesShareAndHandOver() {
    startNode("node-a");
    startNode("node-b");
    Poll.until(Duration.ofSeconds(10), () -> db.count("select count(distinct owner) from sink.subscription_partitions") == 2,
      () -> "both nodes never owned partitions");
    List<UUID> first = appendEvents(30, 10);
    awaitCaughtUp();

    stopNode("node-b");
    List<UUID> second = appendEvents(30, 10);

    awaitCaughtUp();
    assertAppliedOnce(first.size() + second.size());
    Poll.until(Duration.ofSeconds(10), () -> db.count("select count(*) from sink.subscription_partitions where owner = 'node-a'") == 16,
      () -> "node-a never took every partition");
    assertThat(db.count("select count(distinct node) from sink.seen")).isEqualTo(2);
    assertThat(db.count("select count(*) from sink.parked_events")).isZero();
    assertStreamOrder();
  }

  @Test
  @DisplayName("split views: two nodes present in the database that cannot see each other keep the partitions they hold instead of"
    + " fencing each other in turn; nothing is applied twice; seeing each other again, they share them as before")
  void splitViewsKeepTheirLeases() {
    startNode("node-a");
    startNode("node-b");
    String assignment = IntStream.range(0, 16).mapToObj(p -> Rendezvous.owner(SOURCE, p, List.of("node-a", "node-b")))
      .collect(Collectors.joining(","));
    Poll.until(Duration.ofSeconds(10),
      () -> assignment.equals(text("select string_agg(owner, ',' order by partition) from sink.subscription_partitions")),
      () -> "the nodes never settled on their shares");
    String owners = "select string_agg(owner || ':' || epoch, ',' order by partition) from sink.subscription_partitions";
    String before = text(owners);
    int bOwns = (int) db.count("select count(*) from sink.subscription_partitions where owner = 'node-b'");

    views.put("node-a", List.of("node-a"));
    views.put("node-b", List.of("node-b"));
    Poll.until(Duration.ofSeconds(10), () -> heldElsewhere("node-a") == bOwns && heldElsewhere("node-b") == 16 - bOwns,
      () -> "each node never found the other's partitions held: " + runners.get("node-a").status().await() + runners.get("node-b").status().await());
    List<UUID> during = appendEvents(30, 10);
    awaitCaughtUp();

    assertThat(text(owners)).as("no lease changed hands while split").isEqualTo(before);
    views.clear();
    Poll.until(Duration.ofSeconds(10), () -> heldElsewhere("node-a") + heldElsewhere("node-b") == 0, () -> "still split");
    List<UUID> after = appendEvents(30, 10);
    awaitCaughtUp();
    assertAppliedOnce(during.size() + after.size());
    assertThat(text(owners)).as("the same shares after the split").isEqualTo(before);
  }

  @Test
  @DisplayName("fencing: a node whose lease moved while it was mid-batch commits nothing of that batch; the new owner applies it once")
  void fencedNodeCannotCommit() {
    FencingRun run = leaseMovesMidBatch(PartitionLeases::new);

    assertNothingAppliedUnderALostLease(run);
    assertThat(run.applied()).as("applied").isEqualTo(run.appended());
    assertThat(run.distinct()).as("distinct events applied").isEqualTo(run.appended());
  }

  @Test
  @DisplayName("negative control: without the epoch check the node that lost its lease commits its batch, and the fencing proof says so")
  void fencingProofFailsWithoutTheEpochCheck() {
    FencingRun run = leaseMovesMidBatch(UnfencedLeases::new);

    assertThat(run.appliedUnderLostLease()).as("rows committed by node-a under node-b's lease").isPositive();
    assertThatThrownBy(() -> assertNothingAppliedUnderALostLease(run)).isInstanceOf(AssertionError.class);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"retry", "skip"})
  @DisplayName("fencing: an operator's retry or skip on a node whose lease was taken over is refused, commits nothing, and the node"
    + " leaves the partition")
  void fencedNodeCannotReplayParkedEvents(String action) {
    ReplayRun run = replayUnderALostLease(action, PartitionLeases::new);

    assertNothingReplayedUnderALostLease(run);
    assertThat(run.answer().cause()).as("the operator's answer, " + run.answer().result())
      .hasMessage("partition " + run.partition() + " of " + NAME + ": " + PartitionLeases.FENCED.message());
    Poll.until(Duration.ofSeconds(10), () -> runners.get("node-a").status().await().getJsonArray("heldElsewhere").contains(run.partition()),
      () -> "node-a never left partition " + run.partition() + " to node-b: " + runners.get("node-a").status().await());
  }

  @Test
  @DisplayName("negative control: without the epoch check the node that lost its lease carries out the retry, and the replay's fencing proof"
    + " says so")
  void replayFencingProofFailsWithoutTheEpochCheck() {
    ReplayRun run = replayUnderALostLease("retry", UnfencedLeases::new);

    assertThat(run.answer().succeeded()).as("carried out, not refused: " + run.answer().cause()).isTrue();
    assertThat(run.answer().result().getString("status")).isEqualTo("done");
    assertThatThrownBy(() -> assertNothingReplayedUnderALostLease(run)).isInstanceOf(AssertionError.class);
  }

  @Test
  @DisplayName("inbox: with every checkpoint moved back to the start, the redelivered events take no effect again")
  void inboxStopsRedeliveredEvents() {
    RedeliveryRun run = redeliverEverything(true);

    assertAppliedOnce(run);
    assertThat(run.inbox()).isEqualTo(run.appended());
  }

  @Test
  @DisplayName("negative control: with the inbox emptied as well, the redelivered events are applied twice, and the inbox proof says so")
  void inboxProofFailsWithoutTheInbox() {
    RedeliveryRun run = redeliverEverything(false);

    assertThat(run.applied()).isEqualTo(2 * run.appended());
    assertThatThrownBy(() -> assertAppliedOnce(run)).isInstanceOf(AssertionError.class);
  }

  @ParameterizedTest(name = "effects declared as from the event alone: {0}")
  @ValueSource(booleans = {false, true})
  @DisplayName("an event that keeps failing is parked, and only it; its stream waits behind it, other streams flow; retry completes it")
  void parksAndRetries(boolean fromEventAlone) {
    effectsFromEventAlone = fromEventAlone;
    startNode("node-a");
    UUID poison = appendEvents(1, 1).get(0);                       // stream-0, version 1
    failing.add(poison);
    List<UUID> later = new ArrayList<>(appendEvents(6, 3));        // stream-0 gets versions 2..4, others flow

    awaitCaughtUp();

    assertThat(db.count("select count(*) from sink.parked_events where status = 'parked'")).isEqualTo(1);
    assertThat(db.count("select count(*) from sink.parked_events where status = 'parked' and event_id = '" + poison + "'")).isEqualTo(1);
    assertThat(db.count("select count(*) from sink.parked_events where status = 'waiting' and stream_id = 'stream-0'")).isEqualTo(3);
    assertThat(db.count("select count(*) from sink.parked_events")).isEqualTo(4);
    assertAppliedOnce(15);

    failing.clear();
    JsonObject outcome = operate("retry", poison, "node-a");

    assertThat(outcome.getString("status")).isEqualTo("done");
    assertThat(outcome.getInteger("processed")).isEqualTo(4);
    assertThat(db.count("select count(*) from sink.parked_events")).isZero();
    assertAppliedOnce(later.size() + 1);
    assertStreamOrder();
  }

  @ParameterizedTest(name = "effects declared as from the event alone: {0}")
  @ValueSource(booleans = {false, true})
  @DisplayName("a handler that cannot reach the database is waited out: more failures than attempts allow, and nothing is parked")
  void waitsOutAnUnreachableDatabase(boolean fromEventAlone) {
    effectsFromEventAlone = fromEventAlone;
    AtomicInteger outage = new AtomicInteger(2 * FAST.maxAttempts());
    unreachableFor.put("stream-0@1", outage);
    startNode("node-a");
    List<UUID> appended = appendEvents(6, 3);

    awaitCaughtUp();

    assertThat(outage.get()).as("every failure was seen").isNegative();
    assertThat(db.count("select count(*) from sink.parked_events")).isZero();
    assertAppliedOnce(appended.size());
    assertStreamOrder();
  }

  @Test
  @DisplayName("over HTTP: /ops/parked lists the parked event, a retry through any node completes it, unknown ones are 404")
  void opsEndpoints() throws Exception {
    SubscriptionRegistry registry = new SubscriptionRegistry();
    registry.register(new SubscriptionRegistry.Registered(subscription("node-a"), "sink", sink, startNode("node-a")));
    Router router = Router.router(db.vertx);
    SubscriptionOpsRoutes.mount(router, db.vertx, registry);
    WebErrors.install(router);
    HttpServer server = await(db.vertx.createHttpServer().requestHandler(router).listen(0));
    String base = "http://127.0.0.1:" + server.actualPort();
    UUID poison = appendEvents(1, 1).get(0);
    failing.add(poison);
    Poll.until(Duration.ofSeconds(10), () -> db.count("select count(*) from sink.parked_events") == 1, () -> "not parked");

    JsonArray parked = new JsonArray(http("GET", base + "/ops/parked").body());
    failing.clear();
    var retried = http("POST", base + "/ops/parked/" + NAME + "/" + poison + "/retry");
    var unknown = http("POST", base + "/ops/parked/" + NAME + "/" + UUID.randomUUID() + "/retry");
    var subscriptions = new JsonArray(http("GET", base + "/ops/subscriptions").body());

    assertThat(parked).hasSize(1);
    assertThat(parked.getJsonObject(0).getString("eventId")).isEqualTo(poison.toString());
    assertThat(parked.getJsonObject(0).getString("status")).isEqualTo("parked");
    assertThat(parked.getJsonObject(0).getInteger("attempts")).isEqualTo(3);
    assertThat(retried.statusCode()).as(retried.body()).isEqualTo(200);
    assertThat(new JsonObject(retried.body()).getString("status")).isEqualTo("done");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(subscriptions.getJsonObject(0).getJsonArray("partitions")).hasSize(16);
    assertThat(db.count("select count(*) from sink.seen where event_id = '" + poison + "'")).isEqualTo(1);
    assertThat(db.count("select count(*) from sink.parked_events")).isZero();
  }

  @Test
  @DisplayName("a parked event can be skipped: the events behind it then flow, and it never takes effect")
  void skipsAParkedEvent() {
    startNode("node-a");
    UUID poison = appendEvents(1, 1).get(0);
    failing.add(poison);
    appendEvents(1, 2);
    Poll.until(Duration.ofSeconds(10), () -> db.count("select count(*) from sink.parked_events") == 3, () -> "not parked");

    JsonObject outcome = operate("skip", poison, "node-a");

    assertThat(outcome.getString("status")).isEqualTo("done");
    assertAppliedOnce(2);
    assertThat(db.count("select count(*) from sink.seen where event_id = '" + poison + "'")).isZero();
    assertThat(db.count("select count(*) from sink.inbox where event_id = '" + poison + "'")).isEqualTo(1);
    assertThat(db.count("select count(*) from sink.parked_events")).isZero();
  }

  @Test
  @DisplayName("replay rebuilds a damaged read model from the source log; events appended during the replay are applied exactly once")
  void replayRebuilds() {
    startNode("node-a");
    appendEvents(10, 10);
    awaitCaughtUp();
    List<String> intact = streamVersions();
    await(sink.query("delete from seen where version = 3").execute());
    await(sink.query("update seen set version = version + 100 where version = 7").execute());
    long lastRowBeforeReplay = db.count("select max(seq) from sink.seen");
    List<String> expected = IntStream.range(0, 10).boxed()
      .flatMap(s -> IntStream.rangeClosed(1, 15).mapToObj(v -> "stream-" + s + ":" + v)).toList();
    assertThat(streamVersions()).as("the damaged read model").hasSize(90).isNotEqualTo(intact);

    List<UUID> during = new CopyOnWriteArrayList<>();
    Future<?> appending = Future.all(IntStream.range(0, 10).mapToObj(s -> appendToStream("stream-" + s, 5, during)).toList());
    await(Replay.run(db.vertx, new SubscriptionRegistry.Registered(subscription("node-a"), "sink", sink, null)));
    await(appending);
    awaitCaughtUp();

    assertThat(db.count("select min(seq) from sink.seen")).as("every row was written after the replay's reset")
      .isGreaterThan(lastRowBeforeReplay);
    assertThat(streamVersions()).isEqualTo(expected);
    assertAppliedOnce(150);
    assertThat(db.count("select count(*) from sink.inbox")).isEqualTo(150);
  }

  /** What the fencing scenario left: rows applied, distinct events among them, and rows committed under a lost lease. */
  private record FencingRun(long applied, long distinct, long appended, long appliedUnderLostLease) {
  }

  /**
   * node-a owns every partition and holds an event of 32 new streams mid-batch (its handler waits); node-b joins and
   * takes its share of the leases, and holds those events too; node-a's batches then go on and try to commit, and
   * only after that does node-b.
   */
  private FencingRun leaseMovesMidBatch(Function<Pool, PartitionLeases> nodeALeases) {
    startNode("node-a", nodeALeases);
    List<UUID> warmUp = appendEvents(8, 1);
    awaitCaughtUp();
    Gate gateA = gate("node-a");
    Gate gateB = gate("node-b");
    List<String> heldStreams = IntStream.range(0, 32).mapToObj(i -> "held-" + i).toList();
    List<UUID> held = appendInOneTransaction(heldStreams);
    Poll.until(Duration.ofSeconds(10), () -> gateA.held() == held.size(), () -> "node-a holds " + gateA.held() + " of " + held.size());

    startNode("node-b");
    Set<Integer> moved = IntStream.range(0, PARTITIONS.partitions())
      .filter(p -> Rendezvous.owner(SOURCE, p, List.of("node-a", "node-b")).equals("node-b")).boxed().collect(Collectors.toSet());
    long heldOnMoved = heldStreams.stream().filter(s -> moved.contains(PARTITIONS.partitionOf(s))).count();
    assertThat(heldOnMoved).as("held events on the partitions that move").isPositive();
    Poll.until(Duration.ofSeconds(10),
      () -> db.count("select count(*) from sink.subscription_partitions where owner = 'node-b'") == moved.size() && gateB.held() == heldOnMoved,
      () -> "node-b holds " + gateB.held() + " of " + heldOnMoved + " events on the leases it should have taken");
    long attemptsBefore = applyAttempts();

    gateA.open();
    Poll.until(Duration.ofSeconds(10), () -> applyAttempts() >= attemptsBefore + held.size(), () -> "node-a never tried to commit its batches");
    gateB.open();
    awaitCaughtUp();

    return new FencingRun(applied(), db.count("select count(distinct event_id) from sink.seen"), warmUp.size() + held.size(),
      db.count("select count(*) from sink.seen where lease_owner is distinct from node"));
  }

  private static void assertNothingAppliedUnderALostLease(FencingRun run) {
    assertThat(run.appliedUnderLostLease()).as("effects committed by a node that no longer held the partition's lease").isZero();
  }

  /** What an operator's replay may change: effects, inbox records, the partition's checkpoint, the parked events as recorded. */
  private record ReplayState(long applied, long inbox, String checkpoint, String parked) {
  }

  /** What the replay scenario left: the partition, the state before and after the operation, and the operator's answer. */
  private record ReplayRun(int partition, ReplayState before, ReplayState after, Future<JsonObject> answer) {
  }

  /**
   * node-a parks the first event of stream-0, its second waiting behind it; node-b, present in the database until the test
   * ends, takes the partition's lease (idle, node-a does not notice); the handler would now succeed, and an operator asks
   * node-a to {@code action} the parked event.
   */
  private ReplayRun replayUnderALostLease(String action, Function<Pool, PartitionLeases> nodeALeases) {
    startNode("node-a", nodeALeases);
    UUID poison = appendEvents(1, 1).get(0);
    failing.add(poison);
    appendEvents(1, 1);
    awaitCaughtUp();
    assertThat(db.count("select count(*) from sink.parked_events")).as("parked and waiting events").isEqualTo(2);
    int partition = PARTITIONS.partitionOf("stream-0");
    keepPresent("node-b");
    await(new PartitionLeases(sink).acquire(NAME, partition, "node-b", List.of("node-a", "node-b")));
    failing.clear();
    ReplayState before = replayState(partition);

    Future<JsonObject> answer = operation(action, poison, "node-a");
    await(answer.otherwiseEmpty());
    return new ReplayRun(partition, before, replayState(partition), answer);
  }

  /**
   * Records {@code node} in the sink's presence now and then every {@link Presence#BEAT} until the test ends, as a running
   * node does: however slow the test, other nodes never count it gone ({@link Presence#STALE}) and take its leases.
   */
  private void keepPresent(String node) {
    String beat = "insert into subscription_nodes (node, seen_at) values ('" + node + "', now())"
      + " on conflict (node) do update set seen_at = excluded.seen_at";
    await(sink.query(beat).execute());
    db.vertx.setPeriodic(Presence.BEAT.toMillis(), id -> sink.query(beat).execute());
  }

  private ReplayState replayState(int partition) {
    return new ReplayState(applied(), db.count("select count(*) from sink.inbox"),
      text("select tx_id::text || '@' || position from sink.subscription_partitions where subscription = '" + NAME + "' and partition = "
        + partition),
      text("select string_agg(event_id || ' ' || status || ' ' || attempts || ' ' || coalesce(last_error, '-'), ', ' order by position)"
        + " from sink.parked_events"));
  }

  private static void assertNothingReplayedUnderALostLease(ReplayRun run) {
    assertThat(run.after()).as("effects, inbox records, checkpoint and parked events after a replay under a lost lease")
      .isEqualTo(run.before());
  }

  /** What the redelivery scenario left: rows applied, distinct events among them, inbox records. */
  private record RedeliveryRun(long applied, long distinct, long appended, long inbox) {
  }

  /** 50 events applied; the node stops; every checkpoint goes back to the start (and the inbox, unless kept); the node starts again. */
  private RedeliveryRun redeliverEverything(boolean keepInbox) {
    startNode("node-a");
    List<UUID> appended = appendEvents(10, 5);
    awaitCaughtUp();
    stopNode("node-a");

    await(sink.query("update subscription_partitions set tx_id = '0', position = 0 where subscription = '" + NAME + "'").execute());
    if (!keepInbox) {
      await(sink.query("delete from inbox").execute());
    }
    startNode("node-a");
    awaitCaughtUp();

    return new RedeliveryRun(applied(), db.count("select count(distinct event_id) from sink.seen"), appended.size(),
      db.count("select count(*) from sink.inbox"));
  }

  private static void assertAppliedOnce(RedeliveryRun run) {
    assertThat(run.applied()).as("applications of " + run.appended() + " events").isEqualTo(run.appended());
    assertThat(run.distinct()).isEqualTo(run.appended());
  }

  private void assertAppliedOnce(long events) {
    assertThat(applied()).as("applications").isEqualTo(events);
    assertThat(db.count("select count(distinct event_id) from sink.seen")).as("distinct events applied").isEqualTo(events);
  }

  private long applied() {
    return db.count("select count(*) from sink.seen");
  }

  /** Applications tried, committed or not: the sequence behind {@code seen.seq} is not rolled back. */
  private long applyAttempts() {
    return db.count("select case when is_called then last_value else 0 end from sink.seen_seq_seq");
  }

  /**
   * Waits until every partition's checkpoint stands at the end of its source partition: every event appended so far
   * has been applied, parked or skipped, and nothing of it is still in flight.
   */
  private void awaitCaughtUp() {
    Poll.until(Duration.ofSeconds(20), () -> behind() == 0, () -> behind() + " events not yet passed by the checkpoints; applied " + applied());
  }

  private long behind() {
    return db.count("select count(*) from source.events e join sink.subscription_partitions p"
      + " on p.subscription = '" + NAME + "' and p.partition = e.partition where (e.tx_id, e.position) > (p.tx_id, p.position)");
  }

  private static HttpResponse<String> http(String method, String url) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).method(method, HttpRequest.BodyPublishers.noBody()).build(),
      HttpResponse.BodyHandlers.ofString());
  }

  private SubscriptionVerticle startNode(String node) {
    return startNode(node, PartitionLeases::new);
  }

  private SubscriptionVerticle startNode(String node, Function<Pool, PartitionLeases> leases) {
    return startNode(node, leases, FAST);
  }

  private SubscriptionVerticle startNode(String node, Function<Pool, PartitionLeases> leases, SubscriptionOptions options) {
    if (!nodes.contains(node)) {
      nodes.add(node);
    }
    Membership membership = new Membership() {
      @Override
      public Future<List<String>> nodesHosting(String context) {
        return Future.succeededFuture(List.copyOf(views.getOrDefault(node, nodes)));
      }

      @Override
      public Future<List<String>> contextsPublishing(String eventType) {
        return Future.succeededFuture(List.of());
      }
    };
    SubscriptionVerticle runner = new SubscriptionVerticle(subscription(node), "sink", node, membership,
      new Presence(sink, node), sink, sink, PARTITIONS, new LogHints(db.vertx, "sink"), new SimpleMeterRegistry(), options, leases);
    deployments.put(node, await(db.vertx.deployVerticle(runner)));
    runners.put(node, runner);
    return runner;
  }

  /** How many partitions {@code node} would own but leaves to a node it cannot see. */
  private int heldElsewhere(String node) {
    return runners.get(node).status().await().getJsonArray("heldElsewhere").size();
  }

  private String text(String sql) {
    SqlConnection connection = db.connect();
    try {
      return await(connection.query(sql).execute()).iterator().next().getString(0);
    } finally {
      connection.close();
    }
  }

  private void stopNode(String node) {
    nodes.remove(node);
    await(db.vertx.undeploy(deployments.remove(node)));
  }

  private Gate gate(String node) {
    Gate gate = new Gate();
    gates.put(node, gate);
    return gate;
  }

  private Subscription subscription(String node) {
    return new Subscription(NAME, SOURCE, PARTITIONS.partitions(), new SubscriptionHandler() {
      @Override
      public Future<Effects> prepare(RecordedEvent event) {
        if (failing.contains(event.eventId())) {
          return Future.failedFuture(new IllegalStateException("cannot handle " + event.eventId()));
        }
        AtomicInteger outage = unreachableFor.get(event.streamId() + "@" + event.version());
        if (outage != null && outage.getAndDecrement() > 0) {
          return Future.failedFuture(new ConnectException("Connection refused: the database is down"));
        }
        Gate gate = gates.get(node);
        List<SqlWrite> apply = List.of(SqlWrite.of(APPLY, Tuple.of(event.eventId(), event.streamId(), event.version(), node,
          (short) event.partition())));
        return (gate == null ? Future.<Void>succeededFuture() : gate.pass())
          .map(v -> effectsFromEventAlone ? Effects.fromEventAlone(apply) : Effects.writes(apply));
      }

      @Override
      public List<String> resetStatements() {
        return List.of("delete from seen");
      }
    });
  }

  /** Holds a node's handler before it prepares an event, until opened; counts the events it held. */
  private static final class Gate {
    private final Promise<Void> open = Promise.promise();
    private final AtomicInteger held = new AtomicInteger();

    /** Completes once the gate is open, back on the caller's context. */
    Future<Void> pass() {
      if (open.future().isComplete()) {
        return Future.succeededFuture();
      }
      held.incrementAndGet();
      Context caller = Vertx.currentContext();
      return open.future().compose(v -> {
        Promise<Void> back = Promise.promise();
        caller.runOnContext(ignored -> back.complete());
        return back.future();
      });
    }

    int held() {
      return held.get();
    }

    void open() {
      open.tryComplete();
    }
  }

  private JsonObject operate(String action, UUID eventId, String node) {
    return await(operation(action, eventId, node));
  }

  /** Asks {@code node} to retry or skip a parked event of stream-0. */
  private Future<JsonObject> operation(String action, UUID eventId, String node) {
    int partition = PARTITIONS.partitionOf("stream-0");
    return db.vertx.eventBus().<JsonObject>request(SubscriptionAddresses.operations(NAME, node),
      new JsonObject().put("action", action).put("partition", partition).put("eventId", eventId.toString())).map(Message::body);
  }

  /** Appends {@code perStream} events to each of {@code streams} streams (continuing their versions); returns the ids in order. */
  private List<UUID> appendEvents(int streams, int perStream) {
    List<UUID> ids = new CopyOnWriteArrayList<>();
    await(Future.all(IntStream.range(0, streams).mapToObj(s -> appendToStream("stream-" + s, perStream, ids)).toList()));
    return ids;
  }

  private Future<Void> appendToStream(String stream, int count, List<UUID> ids) {
    Future<Void> chain = Future.succeededFuture();
    for (int i = 0; i < count; i++) {
      chain = chain.compose(v -> source.preparedQuery("select coalesce(max(version), 0) from events where stream_id = $1")
        .execute(Tuple.of(stream))
        .compose(rows -> source.withConnection(connection -> {
          NewEvent event = new NewEvent(UUID.randomUUID(), "Happened", "{}", "{}");
          LogTransaction tx = LogTransaction.begin(connection, PARTITIONS);
          return tx.append(List.of(new StreamAppend(stream, rows.iterator().next().getInteger(0), List.of(event))))
            .compose(result -> tx.commit())
            .onSuccess(done -> ids.add(event.eventId()));
        })));
    }
    return chain;
  }

  /** {@code versions} events of a new stream, all in one transaction: a reader sees them all at once. */
  private void appendInOneTransaction(String stream, int versions) {
    List<NewEvent> events = IntStream.range(0, versions).mapToObj(i -> new NewEvent(UUID.randomUUID(), "Happened", "{}", "{}")).toList();
    await(source.withConnection(connection -> {
      LogTransaction tx = LogTransaction.begin(connection, PARTITIONS);
      return tx.append(List.of(new StreamAppend(stream, 0, events))).compose(result -> tx.commit());
    }));
    sourceHints.appended(PARTITIONS.partitionOf(stream));
  }

  /** The first event of each of these new streams, all in one transaction: a reader sees them all at once. */
  private List<UUID> appendInOneTransaction(List<String> streams) {
    List<StreamAppend> appends = streams.stream()
      .map(stream -> new StreamAppend(stream, 0, List.of(new NewEvent(UUID.randomUUID(), "Happened", "{}", "{}")))).toList();
    await(source.withConnection(connection -> {
      LogTransaction tx = LogTransaction.begin(connection, PARTITIONS);
      return tx.append(appends).compose(result -> tx.commit());
    }));
    return appends.stream().map(append -> append.events().get(0).eventId()).toList();
  }

  private void assertStreamOrder() {
    Map<String, Integer> last = new HashMap<>();
    for (Row row : await(sink.query("select stream_id, version from seen order by seq").execute())) {
      int expected = last.getOrDefault(row.getString(0), 0) + 1;
      assertThat(row.getInteger(1)).as(row.getString(0)).isEqualTo(expected);
      last.put(row.getString(0), expected);
    }
  }

  private List<String> streamVersions() {
    List<String> result = new ArrayList<>();
    for (Row row : await(sink.query("select stream_id || ':' || version from seen order by stream_id, version").execute())) {
      result.add(row.getString(0));
    }
    return result;
  }
}
