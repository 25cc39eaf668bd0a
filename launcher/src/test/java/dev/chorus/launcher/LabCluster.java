package dev.chorus.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A cluster deployed as on separate machines, on the hosts of a {@link NetworkLab}: one node per host, joined with
 * {@code cluster-config/hosts.xml} edited as its comment tells a user to (the hosts' addresses as members, their
 * network as the interface, a cluster name of its own), with cluster TLS and bearer tokens, and a database server
 * reached over the lab's network with a password given in {@code CHORUS_DB_PASSWORD}.
 */
final class LabCluster implements AutoCloseable {

  private static final Duration START = Duration.ofSeconds(120);

  private final Path work;
  private final NetworkLab lab;
  private final LabPostgres database;
  private final List<NetworkLab.Host> hosts = new ArrayList<>();
  private final Path clusterConfig;
  private final Path jwtKey;
  private final String token;
  private final List<NodeProcess> started = new CopyOnWriteArrayList<>();
  private final Map<NetworkLab.Host, NodeProcess> running = new ConcurrentHashMap<>();

  /** A lab of {@code size} hosts, its database, and everything the nodes need to start; no node runs yet. */
  LabCluster(Path work, int size) {
    this.work = work;
    this.lab = NetworkLab.create(work);
    try {
      this.database = LabPostgres.start(lab);
      for (int i = 1; i <= size; i++) {
        hosts.add(lab.addHost("node-" + i));
      }
      this.clusterConfig = hostsConfig(work, lab, hosts);
      JarCommand.run(work, "cluster-tls", "init", "tls", "--nodes", Integer.toString(size));
      this.jwtKey = work.resolve("jwt.key");
      SecretFile.readOrGenerate(jwtKey);   // as a node makes its data directory's key
      this.token = JarCommand.run(work, "token", "--jwt-key", jwtKey.toString(), "--subject", "lab", "--role", "operator", "--ttl", "PT2H");
    } catch (IOException e) {
      close();
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  NetworkLab lab() {
    return lab;
  }

  /** The lab's hosts, {@code node-1} first. */
  List<NetworkLab.Host> hosts() {
    return hosts;
  }

  /** The nodes' database, to audit what they wrote. */
  LabPostgres database() {
    return database;
  }

  /** The nodes running now, in the order of their hosts. */
  List<NodeProcess> live() {
    return hosts.stream().map(running::get).filter(node -> node != null).toList();
  }

  /** kill -9 of the node on {@code host}. */
  void kill(NetworkLab.Host host) throws InterruptedException {
    running.remove(host).kill();
  }

  /** Starts a node on {@code host} again, under a name of its own ({@code node-2-again}), and waits until it is ready. */
  NodeProcess restart(NetworkLab.Host host) {
    return start(host, host.name() + "-again");
  }

  /** Starts the node of {@code host} (named after it, or {@code as}) and waits until it is ready. */
  NodeProcess start(NetworkLab.Host host, String as) {
    int index = hosts.indexOf(host) + 1;
    NodeProcess node = NodeProcess.startOn(lab, host, work, as, token, Map.of("CHORUS_DB_PASSWORD", database.password()),
      "--cluster-config", clusterConfig.toString(), "-cluster-host", host.address(), "--cluster-tls", "tls/node-" + index,
      "--auth", "jwt", "--jwt-key", jwtKey.toString(), "--db", database.nodeUrl(), "--data-dir", "data-" + as);
    started.add(node);
    node.awaitReady(START);
    running.put(host, node);
    return node;
  }

  /** Starts a node on every host, one after the other. */
  List<NodeProcess> startAll() {
    return hosts.stream().map(host -> start(host, host.name())).toList();
  }

  @Override
  public void close() {
    started.forEach(NodeProcess::close);
    if (database != null) {
      try {
        database.close();
      } catch (IOException e) {
        System.err.println("lab database: " + e);
      }
    }
    lab.close();
  }

  /** {@code cluster-config/hosts.xml}, edited for the lab's hosts as a user edits it for their machines. */
  private static Path hostsConfig(Path work, NetworkLab lab, List<NetworkLab.Host> hosts) {
    String network = lab.network().substring(0, lab.network().lastIndexOf('.'));
    String xml = TestClusterConfig.shipped("cluster-config/hosts.xml", hosts.stream().map(host -> host.address() + ":5701").toList())
      .replace("<interface>10.0.0.*</interface>", "<interface>" + network + ".*</interface>");
    try {
      return Files.writeString(work.resolve("hosts.xml"), xml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

}
