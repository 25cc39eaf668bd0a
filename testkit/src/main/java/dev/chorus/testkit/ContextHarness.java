package dev.chorus.testkit;

import dev.chorus.platform.access.Caller;
import dev.chorus.platform.context.BoundedContext;
import dev.chorus.platform.context.ContextRuntime;
import dev.chorus.platform.context.ContextSettings;
import dev.chorus.platform.context.Hosting;
import dev.chorus.platform.events.EventTypes;
import dev.chorus.platform.eventstore.LogTransaction;
import dev.chorus.platform.eventstore.NewEvent;
import dev.chorus.platform.eventstore.Partitioner;
import dev.chorus.platform.eventstore.StreamAppend;
import dev.chorus.platform.subscription.LogHints;
import dev.chorus.platform.subscription.LogService;
import dev.chorus.platform.subscription.Membership;
import dev.chorus.platform.subscription.SubscriptionRegistry;
import dev.chorus.platform.web.ContextRoutes;
import dev.chorus.platform.web.Conversation;
import dev.chorus.platform.web.WebErrors;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static dev.chorus.testkit.Await.await;

/**
 * One bounded context hosted in this JVM against a real PostgreSQL, served over real HTTP on a free port,
 * mounted as a node mounts it, every request taken as a local operator's ({@code --auth local}). For context-level tests;
 * whole nodes are tested from the jar.
 * <p>
 * Given, when, then for a context's handlers: name the contexts it follows, {@linkplain #publish publish} their events
 * into their logs (each in a database of its own, as those contexts would), and {@linkplain #awaitAppended wait for} what the
 * context appends to its own — through its real subscriptions, runtime and transactions:
 * <pre>{@code
 * @RegisterExtension
 * final ContextHarness shipping = new ContextHarness(new ShippingContext(), "orders");   // closed after each test
 *
 * @Test
 * void confirmedOrdersShip() {
 *   shipping.publish("orders", OrderEvent.TYPES, "order-" + id, new OrderConfirmed(id, ...));
 *   var scheduled = shipping.awaitAppended(ShippingEvents.TYPES, ShipmentScheduled.class, 1);
 * }
 * }</pre>
 * A projection of the context's own log is given its events the same way, published under the context's own name.
 * Read models are checked through the context's own HTTP answers ({@link #get}), polled until they show the events.
 */
public final class ContextHarness implements AutoCloseable, AfterEachCallback {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final String STREAM_VERSION = "select coalesce(max(version), 0) from events where stream_id = $1";
  private static final String APPENDED = "select stream_id, payload::text, event_id, metadata::text from events where type = $1 order by position";

  public final TestSchema db;
  public final Pool pool;
  public final ContextRuntime runtime;
  private final HttpServer server;
  private final Map<String, Pool> producerPools = new HashMap<>();
  private final Map<String, LogHints> producerHints = new HashMap<>();

  /**
   * Hosts the context; {@code producers} are the contexts whose logs it follows, given a log each in a database of its
   * own on the test server, as a node keeps a context given {@code --db CONTEXT=URL}: the context reads them as it
   * would in production, through their log service, never through its own connections.
   */
  public ContextHarness(BoundedContext context, String... producers) {
    this.db = new TestSchema(context.name());
    this.pool = db.pool(8);
    producerPools.put(context.name(), pool);
    for (String producer : producers) {
      PgConnectOptions options = TestDatabase.fresh(producer).connectOptions();
      options.getProperties().put("search_path", producer);
      Pool producerPool = PgBuilder.pool().with(new PoolOptions().setMaxSize(2)).connectingTo(options).using(db.vertx).build();
      producerPools.put(producer, producerPool);
      await(LogService.serve(db.vertx, producer, producerPool));
    }
    String nodeId = "test-node-" + UUID.randomUUID();
    this.runtime = new ContextRuntime(db.vertx, pool, pool, nodeId, new Partitioner(Partitioner.DEFAULT_PARTITIONS), new SimpleMeterRegistry(),
      new LogHints(db.vertx, context.name()), Membership.fixed(List.of(nodeId), Map.of()), new SubscriptionRegistry(),
      ContextSettings.none(context.name()), () -> false);
    Hosting hosting = context.host(runtime);
    await(LogService.serve(db.vertx, context.name(), pool));
    await(hosting.start());
    Router root = Router.router(db.vertx);
    root.route().handler(Conversation.handler());
    root.route().handler(rc -> {
      Caller.identify(rc, Caller.LOCAL);
      rc.next();
    });
    ContextRoutes.mount(root, context.name(), hosting.access(), rc -> rc.next(), hosting.router());
    WebErrors.install(root);
    this.server = await(db.vertx.createHttpServer().requestHandler(root).listen(0));
  }

  /**
   * Appends an event to a producer's log — a context it follows, or its own — as the producer would (at the
   * stream's next version, in its own transaction), and hints its consumers; it starts a conversation of its own.
   *
   * @param types the producer's published types by stored name, e.g. {@code OrderEvent.TYPES}
   * @return the event's id
   */
  public UUID publish(String producer, Map<String, ? extends Class<?>> types, String streamId, Object event) {
    return publish(producer, types, streamId, event, UUID.randomUUID());
  }

  /** {@link #publish(String, Map, String, Object)} within a given conversation (correlation id). */
  public UUID publish(String producer, Map<String, ? extends Class<?>> types, String streamId, Object event, UUID correlationId) {
    Pool producerPool = producerPools.get(producer);
    if (producerPool == null) {
      throw new IllegalArgumentException("'" + producer + "' is not a producer of this harness (name it when creating the harness)");
    }
    EventTypes<Object> language = EventTypes.builder().addAll(types).build();
    UUID eventId = UUID.randomUUID();
    NewEvent recorded = new NewEvent(eventId, language.nameOf(event), language.encode(event),
      new JsonObject().put("correlationId", correlationId.toString()).encode());
    Partitioner partitioner = new Partitioner(Partitioner.DEFAULT_PARTITIONS);
    await(producerPool.withConnection(connection -> connection.preparedQuery(STREAM_VERSION).execute(Tuple.of(streamId))
      .compose(rows -> {
        int version = rows.iterator().next().getInteger(0);
        LogTransaction transaction = LogTransaction.begin(connection, partitioner);
        return transaction.append(List.of(new StreamAppend(streamId, version, List.of(recorded))))
          .compose(result -> result.allAppended() ? transaction.commit()
            : Future.failedFuture(new IllegalStateException(streamId + " moved while an event was published to it")));
      })));
    producerHints.computeIfAbsent(producer, name -> new LogHints(db.vertx, name)).appended(partitioner.partitionOf(streamId));
    return eventId;
  }

  /**
   * Waits (30 s at most) until the context's own log holds at least {@code count} events of {@code type}, and returns
   * them in log order.
   *
   * @param types the context's event types by stored name
   */
  public <T> List<Appended<T>> awaitAppended(Map<String, ? extends Class<?>> types, Class<T> type, int count) {
    EventTypes<Object> language = EventTypes.builder().addAll(types).build();
    String storedName = types.entrySet().stream().filter(entry -> entry.getValue().equals(type)).map(Map.Entry::getKey)
      .findFirst().orElseThrow(() -> new IllegalArgumentException(type.getSimpleName() + " is not among the given types"));
    List<Appended<T>> appended = new ArrayList<>();
    Poll.until(Duration.ofSeconds(30), () -> {
      appended.clear();
      for (Row row : await(pool.preparedQuery(APPENDED).execute(Tuple.of(storedName)))) {
        appended.add(new Appended<>(row.getString(0), type.cast(language.decode(storedName, row.getString(1))), row.getUUID(2),
          new JsonObject(row.getString(3))));
      }
      return appended.size() >= count;
    }, () -> "the " + db.schema + " log holds " + appended.size() + " " + type.getSimpleName() + " events, not " + count);
    return List.copyOf(appended);
  }

  /** An event the context appended to its own log, with the provenance its metadata records. */
  public record Appended<T>(String streamId, T event, UUID eventId, JsonObject metadata) {

    public UUID correlationId() {
      return UUID.fromString(metadata.getString("correlationId"));
    }

    /** The event that caused it, if any. */
    public Optional<UUID> causationId() {
      return Optional.ofNullable(metadata.getString("causationId")).map(UUID::fromString);
    }
  }

  public int port() {
    return server.actualPort();
  }

  public HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET().build());
  }

  public HttpResponse<String> post(String path, String contentType, String body, Map<String, String> headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    headers.forEach(request::header);
    return send(request.build());
  }

  public HttpResponse<String> postJson(String path, JsonObject body) {
    return post(path, "application/json", body.encode(), Map.of());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port() + path);
  }

  private static HttpResponse<String> send(HttpRequest request) {
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** As a JUnit extension ({@code @RegisterExtension}), the harness closes after each test. */
  @Override
  public void afterEach(ExtensionContext context) {
    close();
  }

  @Override
  public void close() {
    await(server.close());
    db.close();
  }
}
