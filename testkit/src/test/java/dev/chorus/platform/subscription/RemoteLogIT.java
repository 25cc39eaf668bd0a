package dev.chorus.platform.subscription;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import dev.chorus.platform.eventstore.Checkpoint;
import dev.chorus.platform.eventstore.LogTransaction;
import dev.chorus.platform.eventstore.NewEvent;
import dev.chorus.platform.eventstore.Partitioner;
import dev.chorus.platform.eventstore.RecordedEvent;
import dev.chorus.platform.eventstore.StreamAppend;
import dev.chorus.testkit.TestSchema;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static dev.chorus.testkit.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which node answers a consumer's log reads, in a real three-node cluster (Hazelcast on 127.0.0.1, one JVM).
 * Nodes a and b both serve the log of context "source", each from a schema of its own holding one event that says
 * which schema it is, so every answer names the node that gave it; node c serves nothing.
 */
class RemoteLogIT {

  private static final Partitioner PARTITIONS = new Partitioner(16);
  private static final String STREAM = "stream-1";
  private static final int READS = 24;

  private final TestSchema db = new TestSchema("a", "b");
  private final List<Vertx> nodes = new ArrayList<>();

  @AfterEach
  void close() {
    nodes.forEach(node -> await(node.close()));
    db.close();
  }

  @Test
  @DisplayName("a node that serves the producer's log answers its own consumers; one that does not is answered by every node that does")
  void readsStayOnTheNodeThatServesTheLog() {
    appendOne("a", "SeenInA");
    appendOne("b", "SeenInB");
    List<Integer> ports = List.of(freePort(), freePort(), freePort());
    String cluster = "remote-log-" + UUID.randomUUID();
    Vertx a = clustered(cluster, ports, 0);
    Vertx b = clustered(cluster, ports, 1);
    Vertx c = clustered(cluster, ports, 2);
    await(LogService.serve(a, "source", db.pool("a", 2)));
    await(LogService.serve(b, "source", db.pool("b", 2)));

    assertThat(answersSeenFrom(a)).containsExactly("SeenInA");
    assertThat(answersSeenFrom(b)).containsExactly("SeenInB");
    assertThat(answersSeenFrom(c)).as("the control: the event bus spreads requests over every node serving the address")
      .containsExactlyInAnyOrder("SeenInA", "SeenInB");
  }

  /** The types of the events every one of {@value READS} reads from this node was answered with. */
  private static Set<String> answersSeenFrom(Vertx node) {
    RemoteLog log = new RemoteLog(node, "source");
    Set<String> types = new HashSet<>();
    for (int i = 0; i < READS; i++) {
      List<RecordedEvent> events = await(log.read(PARTITIONS.partitionOf(STREAM), Checkpoint.START, 10)).batch().events();
      assertThat(events).hasSize(1);
      types.add(events.get(0).type());
    }
    return types;
  }

  private void appendOne(String schema, String type) {
    Pool pool = db.pool(schema, 1);
    await(pool.withConnection(connection -> {
      LogTransaction tx = LogTransaction.begin(connection, PARTITIONS);
      return tx.append(List.of(new StreamAppend(STREAM, 0, List.of(new NewEvent(UUID.randomUUID(), type, "{}", "{}")))))
        .compose(appended -> tx.commit());
    }));
    await(pool.close());
  }

  private Vertx clustered(String cluster, List<Integer> ports, int self) {
    Config config = new Config().setClusterName(cluster);
    config.setProperty("hazelcast.wait.seconds.before.join", "0");
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.getNetworkConfig().setPort(ports.get(self)).setPortAutoIncrement(false);
    config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
    JoinConfig join = config.getNetworkConfig().getJoin();
    join.getAutoDetectionConfig().setEnabled(false);
    join.getMulticastConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true);
    ports.forEach(port -> join.getTcpIpConfig().addMember("127.0.0.1:" + port));
    VertxOptions options = new VertxOptions();
    options.getEventBusOptions().setHost("127.0.0.1");
    Vertx node = await(Vertx.builder().with(options).withClusterManager(new HazelcastClusterManager(config)).buildClustered());
    nodes.add(node);
    return node;
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
