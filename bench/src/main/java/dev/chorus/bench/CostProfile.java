package dev.chorus.bench;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * What a measured window of the order flow cost, in totals, as {@code bench orders --costs FILE} writes it and
 * {@code bench capacity} reads it: the node count, the window's length, the orders it settled (confirmed or rejected),
 * and the work done for them — transactions, statements, CPU of the nodes (their JIT compilers apart), of the
 * PostgreSQL server (its sessions by context apart) and of the load generator.
 */
record CostProfile(int nodes, double seconds, long settled, long transactions, long statements, double nodeCpuMs, double compilersMs,
                   double serverCpuMs, Map<String, Double> contextServerCpuMs, double loadCpuMs) {

  /** How the nodes name a context's sessions in {@code pg_stat_activity}. */
  private static final String SESSION_PREFIX = "chorus ";

  static CostProfile of(int nodes, double seconds, long settled, WorkCounters.Reading cost) {
    Map<String, Double> byContext = new TreeMap<>();
    cost.sessionsCpuMs().forEach((session, ms) -> {
      if (session.startsWith(SESSION_PREFIX)) {
        byContext.merge(session.substring(SESSION_PREFIX.length()), ms, Double::sum);
      }
    });
    return new CostProfile(nodes, seconds, settled, cost.transactions(), cost.statements(), cost.nodeCpuMs() - cost.compilersMs(),
      cost.compilersMs(), cost.postgresCpuMs(), byContext, cost.loadCpuMs());
  }

  /** Settled orders per second: what the deployment carried. */
  double rate() {
    return settled / seconds;
  }

  /** Cores the machine gave the whole run on average: nodes, compilers, server and load generator. */
  double busyCores() {
    return (nodeCpuMs + compilersMs + serverCpuMs + loadCpuMs) / (seconds * 1_000);
  }

  /** The server's CPU no context's sessions account for: its own processes, sessions that ended, operations. */
  double sharedServerCpuMs() {
    return serverCpuMs - contextServerCpuMs.values().stream().mapToDouble(Double::doubleValue).sum();
  }

  void write(Path file, String comment) throws IOException {
    Properties properties = new Properties();
    properties.setProperty("nodes", Integer.toString(nodes));
    properties.setProperty("seconds", Double.toString(seconds));
    properties.setProperty("settled", Long.toString(settled));
    properties.setProperty("transactions", Long.toString(transactions));
    properties.setProperty("statements", Long.toString(statements));
    properties.setProperty("node.cpu.ms", Double.toString(nodeCpuMs));
    properties.setProperty("compilers.cpu.ms", Double.toString(compilersMs));
    properties.setProperty("server.cpu.ms", Double.toString(serverCpuMs));
    contextServerCpuMs.forEach((context, ms) -> properties.setProperty("server.cpu.ms." + context, Double.toString(ms)));
    properties.setProperty("load.cpu.ms", Double.toString(loadCpuMs));
    try (Writer out = Files.newBufferedWriter(file)) {
      properties.store(out, comment);
    }
  }

  static CostProfile read(Path file) throws IOException {
    Properties properties = new Properties();
    try (Reader in = Files.newBufferedReader(file)) {
      properties.load(in);
    }
    Map<String, Double> byContext = new TreeMap<>();
    properties.stringPropertyNames().stream().filter(name -> name.startsWith("server.cpu.ms."))
      .forEach(name -> byContext.put(name.substring("server.cpu.ms.".length()), Double.parseDouble(properties.getProperty(name))));
    try {
      return new CostProfile(Integer.parseInt(required(properties, "nodes", file)), number(properties, "seconds", file),
        Long.parseLong(required(properties, "settled", file)), Long.parseLong(required(properties, "transactions", file)),
        Long.parseLong(required(properties, "statements", file)), number(properties, "node.cpu.ms", file),
        number(properties, "compilers.cpu.ms", file), number(properties, "server.cpu.ms", file), byContext,
        number(properties, "load.cpu.ms", file));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  private static double number(Properties properties, String name, Path file) {
    return Double.parseDouble(required(properties, name, file));
  }

  private static String required(Properties properties, String name, Path file) {
    String value = properties.getProperty(name);
    if (value == null) {
      throw new IllegalArgumentException(file + " has no '" + name + "' (not a file of bench orders --costs?)");
    }
    return value;
  }
}
