package dev.chorus.launcher;

import com.hazelcast.config.FileSystemXmlConfig;
import dev.chorus.testkit.Poll;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nodes started from the jar with {@code --cluster-tls} exchange events over a TLS event bus, while a process that
 * joins their Hazelcast cluster without a certificate of their CA — with none, or with one of another CA — can neither
 * call any handler the members registered nor receive what they publish.
 */
class ClusterTlsIT {

  private static final Duration ROGUE_TIMEOUT = Duration.ofSeconds(3);
  /** A well-formed read of a log's first events (or of a subscription's lag): what a member would ask. */
  private static final JsonObject LOG_READ = new JsonObject().put("partitions", new JsonArray()
    .add(new JsonObject().put("partition", 0).put("tx", 0).put("position", 0).put("limit", 10)));

  @TempDir
  static Path work;
  private static LocalCluster cluster;
  private static NodeProcess customers;
  private static NodeProcess promotions;

  @BeforeAll
  static void startTlsCluster() throws Exception {
    JarCommand.run(work, "cluster-tls", "init", "tls", "--nodes", "2");
    JarCommand.run(work, "cluster-tls", "init", "foreign", "--nodes", "1");
    cluster = new LocalCluster(work);
    customers = cluster.start("customers", "customers", "--cluster-tls", "tls/node-1");
    promotions = cluster.start("promotions", "promotions", "--cluster-tls", "tls/node-2");
  }

  @AfterAll
  static void stopCluster() throws Exception {
    cluster.close();
  }

  @Test
  @DisplayName("two nodes with certificates of the cluster's CA exchange events over TLS")
  void membersExchangeEvents() throws Exception {
    String customer = register();

    Poll.until(Duration.ofSeconds(30), () -> promotions.get("/promotions/customers/" + customer + "/coupons").body().contains("WELCOME"),
      () -> "promotions, on the other node, never read the registration from customers' log");
    assertThat(customers.output() + promotions.output()).contains("cluster TLS");
  }

  @Test
  @DisplayName("a process without a certificate of the cluster's CA calls no handler and hears nothing")
  void outsidersExchangeNothing() throws Exception {
    for (Map.Entry<String, EventBusOptions> outsider : Map.of(
      "no certificate", new EventBusOptions(),
      "another CA's certificate", tls(work.resolve("foreign/node-1"))).entrySet()) {
      HazelcastClusterManager manager = new HazelcastClusterManager(new FileSystemXmlConfig(cluster.clusterConfig().toFile()));
      Vertx rogue = join(manager, outsider.getValue());
      try {
        TreeSet<String> addresses = new TreeSet<>(manager.getHazelcastInstance().<String, Object>getMultiMap("__vertx.subs").keySet());
        assertThat(addresses).as("the members' handlers, as Hazelcast lists them").contains("chorus.customers.log", "chorus.customers.log.appended");

        List<String> answered = new ArrayList<>();
        List<Future<Message<Object>>> requests = addresses.stream().map(address -> rogue.eventBus().request(address, LOG_READ,
            new DeliveryOptions().setSendTimeout(ROGUE_TIMEOUT.toMillis()))
          .onSuccess(reply -> answered.add(address + " answered"))
          .onFailure(failure -> {
            if (!(failure instanceof ReplyException reply) || reply.failureType() != ReplyFailure.TIMEOUT) {
              answered.add(address + " reached its handler: " + failure);
            }
          })).toList();
        Future.join(requests).toCompletionStage().toCompletableFuture().exceptionally(e -> null).get(30, TimeUnit.SECONDS);
        assertThat(answered).as(outsider.getKey() + ": requests that reached a member's handler").isEmpty();

        AtomicInteger heard = new AtomicInteger();
        rogue.eventBus().consumer("chorus.customers.log.appended", message -> heard.incrementAndGet()).completion()
          .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        String customer = register();
        Poll.until(Duration.ofSeconds(30), () -> promotions.get("/promotions/customers/" + customer + "/coupons").body().contains("WELCOME"),
          () -> "the members stopped exchanging events while " + outsider.getKey() + " listened");
        assertThat(heard.get()).as(outsider.getKey() + ": messages the members published to it").isZero();
      } finally {
        rogue.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      }
    }
  }

  private static Vertx join(HazelcastClusterManager manager, EventBusOptions eventBus) throws Exception {
    return Vertx.builder().with(new VertxOptions().setEventBusOptions(eventBus.setHost("127.0.0.1")))
      .withClusterManager(manager).buildClustered().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  private static EventBusOptions tls(Path dir) {
    EventBusOptions options = new EventBusOptions();
    ClusterTls.apply(options, dir);
    return options;
  }

  private static String register() throws Exception {
    HttpResponse<String> registered = customers.post("/customers",
      new JsonObject().put("email", UUID.randomUUID() + "@example.com").put("name", "C").encode());
    assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
    return new JsonObject(registered.body()).getString("id");
  }
}
