package dev.chorus.platform.subscription;

import dev.chorus.platform.command.SqlWrite;
import dev.chorus.platform.eventstore.LogTransaction;
import dev.chorus.platform.eventstore.NewEvent;
import dev.chorus.platform.eventstore.Partitioner;
import dev.chorus.platform.eventstore.RecordedEvent;
import dev.chorus.platform.eventstore.StreamAppend;
import dev.chorus.platform.testing.Poll;
import dev.chorus.platform.testing.TestSchema;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import dev.chorus.platform.web.WebErrors;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import static dev.chorus.platform.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A subscription from one context's log ("source") to another context's schema ("sink"), in one JVM against
 * a real PostgreSQL: several runners stand for several nodes.
 */
class SubscriptionIT {

  private static final Partitioner PARTITIONS = new Partitioner(16);
  private static final SubscriptionOptions FAST = new SubscriptionOptions(50, 3, 20, 100);

  private final TestSchema db = new TestSchema("sink", "source");
  private final Pool source = db.pool("source", 8);
  private final Pool sink = db.pool("sink", 8);
  private final List<String> nodes = new CopyOnWriteArrayList<>();
  private final Set<UUID> failing = ConcurrentHashMap.newKeySet();
  private final Map<String, String> deployments = new HashMap<>();

  SubscriptionIT() {
    await(sink.query("create table seen (seq bigserial primary key, event_id uuid not null unique, stream_id text not null,"
      + " version int not null, node text not null)").execute());
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

    awaitSeen(appended.size());

    assertThat(db.count("select count(*) from sink.seen")).isEqualTo(1000);
    assertThat(db.count("select count(*) from sink.inbox")).isEqualTo(1000);
    assertStreamOrder();
    assertThat(db.count("select count(*) from sink.subscription_partitions where owner = 'node-a'")).isEqualTo(16);
  }

  @Test
  @DisplayName("two nodes split the partitions; when one stops, the other takes them over; nothing is lost or applied twice")
  void nodesShareAndHandOver() {
    nodes.addAll(List.of("node-a", "node-b"));
    startNode("node-a");
    startNode("node-b");
    Poll.until(Duration.ofSeconds(10), () -> db.count("select count(distinct owner) from sink.subscription_partitions") == 2,
      () -> "both nodes never owned partitions");
    List<UUID> first = appendEvents(30, 10);
    awaitSeen(first.size());

    nodes.remove("node-b");
    await(db.vertx.undeploy(deployments.get("node-b")));
    List<UUID> second = appendEvents(30, 10);

    awaitSeen(first.size() + second.size());
    Poll.until(Duration.ofSeconds(10), () -> db.count("select count(*) from sink.subscription_partitions where owner = 'node-a'") == 16,
      () -> "node-a never took every partition");
    assertThat(db.count("select count(distinct node) from sink.seen")).isEqualTo(2);
    assertStreamOrder();
  }

  @Test
  @DisplayName("a node whose lease was taken over can commit nothing more")
  void fencedNodeCannotCommit() {
    startNode("node-a");
    awaitSeen(appendEvents(4, 5).size());
    long seen = db.count("select count(*) from sink.seen");

    // Another node takes every lease (as after a split brain) but never processes anything.
    await(sink.query("update subscription_partitions set owner = 'usurper', epoch = epoch + 1").execute());
    appendEvents(4, 5);

    Poll.until(Duration.ofSeconds(5), () -> await(sink.query("select count(*) from subscription_partitions where owner = 'node-a'").execute())
      .iterator().next().getLong(0) == 0, () -> "node-a took its leases back");
    assertThat(db.count("select count(*) from sink.seen")).as("nothing applied under a lost lease").isEqualTo(seen);
  }

  @Test
  @DisplayName("an event that keeps failing is parked; its stream waits behind it, other streams flow; retry completes it")
  void parksAndRetries() {
    startNode("node-a");
    UUID poison = appendEvents(1, 1).get(0);                       // stream-0, version 1
    failing.add(poison);
    List<UUID> later = new ArrayList<>(appendEvents(6, 3));        // stream-0 gets versions 2..4, others flow

    Poll.until(Duration.ofSeconds(10), () -> db.count("select count(*) from sink.parked_events where status = 'parked'") == 1,
      () -> "the failing event was never parked");
    Poll.until(Duration.ofSeconds(10), () -> db.count("select count(*) from sink.seen") == 15,
      () -> "other streams did not complete: " + db.count("select count(*) from sink.seen"));
    assertThat(db.count("select count(*) from sink.parked_events where status = 'waiting' and stream_id = 'stream-0'")).isEqualTo(3);

    failing.clear();
    JsonObject outcome = operate("retry", poison, "node-a");

    assertThat(outcome.getString("status")).isEqualTo("done");
    assertThat(outcome.getInteger("processed")).isEqualTo(4);
    assertThat(db.count("select count(*) from sink.parked_events")).isZero();
    awaitSeen(later.size() + 1);
    assertStreamOrder();
  }

  @Test
  @DisplayName("over HTTP: /ops/parked lists the parked event, a retry through any node completes it, unknown ones are 404")
  void opsEndpoints() throws Exception {
    SubscriptionRegistry registry = new SubscriptionRegistry();
    registry.register(new SubscriptionRegistry.Registered(subscription(), "sink", sink, startNode("node-a")));
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
    var retried = http("POST", base + "/ops/parked/sink.recorder/" + poison + "/retry");
    var unknown = http("POST", base + "/ops/parked/sink.recorder/" + UUID.randomUUID() + "/retry");
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
    assertThat(db.count("select count(*) from sink.seen")).isEqualTo(2);
    assertThat(db.count("select count(*) from sink.seen where event_id = '" + poison + "'")).isZero();
    assertThat(db.count("select count(*) from sink.inbox where event_id = '" + poison + "'")).isEqualTo(1);
  }

  @Test
  @DisplayName("a replayed projection rebuilds the same read model from the source log while it runs")
  void replayRebuilds() {
    startNode("node-a");
    awaitSeen(appendEvents(10, 10).size());
    List<String> before = streamVersions();

    await(Replay.run(db.vertx, new SubscriptionRegistry.Registered(subscription(), "sink", sink, null)));

    Poll.until(Duration.ofSeconds(10), () -> db.count("select count(*) from sink.seen") == 100 && streamVersions().equals(before),
      () -> "not rebuilt: " + db.count("select count(*) from sink.seen"));
    assertThat(db.count("select count(*) from sink.inbox")).isEqualTo(100);
  }

  private static HttpResponse<String> http(String method, String url) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).method(method, HttpRequest.BodyPublishers.noBody()).build(),
      HttpResponse.BodyHandlers.ofString());
  }

  private SubscriptionVerticle startNode(String node) {
    if (!nodes.contains(node)) {
      nodes.add(node);
    }
    SubscriptionVerticle runner = new SubscriptionVerticle(subscription(), "sink", node, membership(),
      sink, sink, PARTITIONS, new LogHints(db.vertx, "sink"), new SimpleMeterRegistry(), FAST);
    deployments.put(node, await(db.vertx.deployVerticle(runner)));
    return runner;
  }

  /** The test's node list, read afresh at every rebalance. */
  private Membership membership() {
    return Membership.fixed(nodes, Map.of());
  }

  private Subscription subscription() {
    return new Subscription("sink.recorder", "source", PARTITIONS.partitions(), new SubscriptionHandler() {
      @Override
      public Future<Effects> prepare(RecordedEvent event) {
        if (failing.contains(event.eventId())) {
          return Future.failedFuture(new IllegalStateException("cannot handle " + event.eventId()));
        }
        String node = new JsonObject(event.metadata()).getString("node", "?");
        return Future.succeededFuture(Effects.writes(List.of(SqlWrite.of(
          "insert into seen (event_id, stream_id, version, node) values ($1, $2, $3, (select coalesce(owner, '?') from subscription_partitions"
            + " where subscription = 'sink.recorder' and partition = $4))",
          Tuple.of(event.eventId(), event.streamId(), event.version(), (short) event.partition())))));
      }

      @Override
      public List<String> resetStatements() {
        return List.of("delete from seen");
      }
    });
  }

  private JsonObject operate(String action, UUID eventId, String node) {
    int partition = PARTITIONS.partitionOf("stream-0");
    return await(db.vertx.eventBus().<JsonObject>request(SubscriptionAddresses.operations("sink.recorder", node),
      new JsonObject().put("action", action).put("partition", partition).put("eventId", eventId.toString()))).body();
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

  private void awaitSeen(int events) {
    Poll.until(Duration.ofSeconds(20), () -> db.count("select count(*) from sink.seen") >= events,
      () -> "only " + db.count("select count(*) from sink.seen") + " of " + events + " events applied");
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
