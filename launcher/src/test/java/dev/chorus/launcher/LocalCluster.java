package dev.chorus.launcher;

import dev.chorus.platform.db.DatabaseUrl;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Node JVMs of one test cluster on this machine: they share a cluster configuration of their own and the
 * embedded database of the work directory. Closing it kills what is left of them and stops the database.
 */
final class LocalCluster implements AutoCloseable {

  private static final Duration START = Duration.ofSeconds(90);

  private final Path work;
  private final Path clusterConfig;
  private final List<NodeProcess> started = new CopyOnWriteArrayList<>();

  LocalCluster(Path work) {
    this.work = work;
    this.clusterConfig = TestClusterConfig.write(work);
  }

  /** Starts a node hosting {@code contexts}, with any further options, and waits until it is ready. */
  NodeProcess start(String name, String contexts, String... options) {
    String[] args = new String[options.length + 4];
    args[0] = "--cluster-config";
    args[1] = clusterConfig.toString();
    args[2] = "--contexts";
    args[3] = contexts;
    System.arraycopy(options, 0, args, 4, options.length);
    NodeProcess node = NodeProcess.start(work, name, args);
    started.add(node);
    return node.awaitReady(START);
  }

  /** The Hazelcast configuration the nodes join with. */
  Path clusterConfig() {
    return clusterConfig;
  }

  /** The embedded database the nodes share, to audit what they wrote. */
  DatabaseUrl database() {
    return embeddedDatabase(work.resolve("chorus-data"));
  }

  /** The embedded database running on {@code dataDir}, with the password its first node generated. */
  static DatabaseUrl embeddedDatabase(Path dataDir) {
    RunningPostgres server = RunningPostgres.find(dataDir.resolve("postgres"))
      .orElseThrow(() -> new AssertionError("no embedded database is running"));
    try {
      return DatabaseUrl.local(server.port(), EmbeddedDatabase.DATABASE, SecretFile.read(EmbeddedDatabase.passwordFile(dataDir)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Partition → owner of a subscription, as {@code node}'s /cluster reports it. */
  static Map<Integer, String> owners(NodeProcess node, String subscription) {
    Map<Integer, String> owners = new HashMap<>();
    partitions(node, subscription).forEach(e -> owners.put(Integer.parseInt(e.getKey()), ((JsonObject) e.getValue()).getString("owner")));
    return owners;
  }

  /** Whether every partition of every named subscription is owned and has no lag. */
  static boolean caughtUp(NodeProcess node, int partitionCount, String... subscriptions) {
    for (String subscription : subscriptions) {
      JsonObject partitions = partitions(node, subscription);
      if (partitions.size() != partitionCount) {
        return false;
      }
      for (String partition : partitions.fieldNames()) {
        if (partitions.getJsonObject(partition).getLong("lag", -1L) != 0) {
          return false;
        }
      }
    }
    return true;
  }

  /** {@code node}'s /cluster, or an error object when it does not answer. */
  static JsonObject cluster(NodeProcess node) {
    try {
      return node.getJson("/cluster");
    } catch (Exception e) {
      return new JsonObject().put("error", e.toString()).put("subscriptions", new JsonObject());
    }
  }

  private static JsonObject partitions(NodeProcess node, String subscription) {
    return cluster(node).getJsonObject("subscriptions", new JsonObject()).getJsonObject(subscription, new JsonObject())
      .getJsonObject("partitions", new JsonObject());
  }

  @Override
  public void close() throws Exception {
    for (NodeProcess node : started) {
      node.close();
    }
    var server = RunningPostgres.find(work.resolve("chorus-data/postgres"));
    if (server.isPresent()) {
      EmbeddedDatabase.stop(server.get());
    }
  }
}
