package dev.chorus.launcher;

import com.hazelcast.config.FileSystemXmlConfig;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.cluster.RegistrationInfo;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Vert.x of the test's JVM that joins a test cluster's Hazelcast as a node does, its event bus with the options it is
 * given: with a certificate of the cluster's CA it is a member in all but name, without one an outsider. It asks the
 * nodes' handlers and listens to what they publish, as any process that reaches their Hazelcast could.
 */
final class ClusterGuest implements AutoCloseable {

  /** What {@link #request} records for a request that got an answer. */
  static final String ANSWERED = "answered";
  private static final Duration WAIT = Duration.ofSeconds(60);

  private final HazelcastClusterManager manager;
  private final Vertx vertx;

  private ClusterGuest(HazelcastClusterManager manager, Vertx vertx) {
    this.manager = manager;
    this.vertx = vertx;
  }

  /** Joins the cluster of {@code clusterConfig} (a Hazelcast configuration) with an event bus on loopback. */
  static ClusterGuest join(Path clusterConfig, EventBusOptions eventBus) throws Exception {
    HazelcastClusterManager manager = new HazelcastClusterManager(new FileSystemXmlConfig(clusterConfig.toFile()));
    Vertx vertx = await(Vertx.builder().with(new VertxOptions().setEventBusOptions(eventBus.setHost("127.0.0.1")))
      .withClusterManager(manager).buildClustered());
    return new ClusterGuest(manager, vertx);
  }

  /** The addresses at which only the node {@code nodeId} has handlers, as the cluster lists them. */
  Set<String> addressesOnlyAt(String nodeId) throws Exception {
    Set<String> addresses = new TreeSet<>();
    for (String address : manager.getHazelcastInstance().<String, Object>getMultiMap("__vertx.subs").keySet()) {
      Promise<List<RegistrationInfo>> registrations = Promise.promise();
      manager.getRegistrations(address, registrations);
      List<RegistrationInfo> handlers = await(registrations.future());
      if (!handlers.isEmpty() && handlers.stream().allMatch(handler -> handler.nodeId().equals(nodeId))) {
        addresses.add(address);
      }
    }
    return addresses;
  }

  /**
   * Sends {@code body} to each address as a request; once each is answered or failed, what it came to, by address:
   * {@value #ANSWERED}, or the type of its failure ({@code TIMEOUT}, {@code RECIPIENT_FAILURE}, ...).
   */
  Map<String, String> request(Set<String> addresses, JsonObject body, Duration timeout) throws Exception {
    Map<String, String> outcomes = new TreeMap<>();
    List<Future<Message<Object>>> requests = addresses.stream().map(address -> vertx.eventBus()
      .request(address, body, new DeliveryOptions().setSendTimeout(timeout.toMillis()))
      .andThen(reply -> {
        synchronized (outcomes) {
          outcomes.put(address, reply.succeeded() ? ANSWERED
            : reply.cause() instanceof ReplyException failure ? failure.failureType().name() : reply.cause().toString());
        }
      })).toList();
    await(Future.join(requests).otherwiseEmpty());
    return outcomes;
  }

  /** Counts what is sent or published to any of {@code addresses}, from the moment the cluster holds their handlers' registrations. */
  Listener listen(Collection<String> addresses) throws Exception {
    AtomicInteger heard = new AtomicInteger();
    List<MessageConsumer<Object>> consumers = new ArrayList<>();
    for (String address : addresses) {
      MessageConsumer<Object> consumer = vertx.eventBus().consumer(address, message -> heard.incrementAndGet());
      await(consumer.completion());
      consumers.add(consumer);
    }
    return new Listener(consumers, heard);
  }

  /** Handlers that count the messages they are given, together; closing it unregisters them. */
  record Listener(List<MessageConsumer<Object>> consumers, AtomicInteger heard) implements AutoCloseable {

    int count() {
      return heard.get();
    }

    @Override
    public void close() throws Exception {
      for (MessageConsumer<Object> consumer : consumers) {
        await(consumer.unregister());
      }
    }
  }

  @Override
  public void close() throws Exception {
    await(vertx.close());
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
  }
}
