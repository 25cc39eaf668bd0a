package dev.chorus.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The order flow of {@link OrderLoad} at a fixed rate against a cluster of node JVMs, each hosting inventory,
 * payments, orders, shipping and pricing (shared embedded database, or {@code --db URL} and {@code --db CONTEXT=URL} as a
 * node takes them).
 * <p>
 * A warm-up at the same rate comes first, for {@code --warmup} seconds and then until the nodes' JIT compilers have
 * settled ({@link Compilers}), {@code --warmup-max} seconds at most; its orders are not counted.
 * <p>
 * The last line ends with the cost of a confirmed order in the measured window (and the drain after it):
 * PostgreSQL transactions, statements, node CPU and PostgreSQL CPU, from {@link WorkCounters}.
 * <p>
 * Options: {@code --jar launcher/target/chorus.jar}, {@code --nodes 1}, {@code --rate 500}, {@code --seconds 20},
 * {@code --warmup 60}, {@code --warmup-max 360}, {@code --products 200}, {@code --customers 1000}, {@code --db},
 * {@code --db-connections 16}, {@code --costs FILE} (the window's totals, for {@code bench capacity}).
 */
final class OrdersBenchmark {

  static final String CONTEXTS = "inventory,payments,orders,shipping,pricing";

  private OrdersBenchmark() {
  }

  static void run(BenchOptions options) throws Exception {
    Path jar = Path.of(options.string("jar", "launcher/target/chorus.jar"));
    int nodeCount = options.integer("nodes", 1);
    int rate = options.integer("rate", 500);
    int seconds = options.integer("seconds", 20);
    int warmup = options.integer("warmup", 60);
    int warmupMax = Math.max(warmup, options.integer("warmup-max", 360));
    int products = options.integer("products", 200);
    int customers = options.integer("customers", 1_000);
    BenchDatabases databases = BenchDatabases.of(options);
    int dbConnections = options.integer("db-connections", 16);
    String costs = options.string("costs", null);
    Path work = Files.createTempDirectory("chorus-orders");
    System.out.printf("orders benchmark: %d nodes, rate %d/s for %d s after a warm-up of %d s or more (until the JIT settles, %d s at"
        + " most), %d products, %d customers, %d cores, %d database connections per node%n",
      nodeCount, rate, seconds, warmup, warmupMax, products, customers, Runtime.getRuntime().availableProcessors(), dbConnections);
    List<BenchNode> nodes = new ArrayList<>();
    try {
      List<String> args = nodeArgs(work, databases, dbConnections);
      for (int i = 0; i < nodeCount; i++) {
        nodes.add(BenchNode.start(jar, work, "node-" + i, args));
      }
      String reference = nodes.get(0).roundTripReference(2_000);
      OrderLoad load = OrderLoad.prepare(nodes, products, customers, (long) rate * (seconds + warmupMax));
      String warmedUp = load.warmUpUntilCompiled(rate, warmup, warmupMax);
      OrderLoad.Window window = load.measure(rate, seconds, WorkCounters.of(work.resolve("data"), databases, nodes));
      System.out.println(warmedUp);
      System.out.println(reference);
      System.out.printf("orders: %s | %s%n", window.line(), window.cost().per(window.confirmed(), "confirmed order"));
      System.out.printf("per confirmed order, %s%n", window.cost().breakdown(window.confirmed()));
      if (costs != null) {
        window.profile(nodeCount).write(Path.of(costs), "bench orders --nodes " + nodeCount + " --rate " + rate + ": " + window.line());
      }
    } finally {
      for (int i = nodes.size() - 1; i >= 0; i--) {
        nodes.get(i).close();
      }
    }
  }

  /** The options of a benchmark's node: its own cluster, the order flow's contexts, the databases and connection budget. */
  static List<String> nodeArgs(Path work, BenchDatabases databases, int dbConnections) throws Exception {
    List<String> args = new ArrayList<>(List.of("--cluster-config", BenchCluster.config(work).toString(),
      "--data-dir", work.resolve("data").toString(), "--contexts", CONTEXTS, "--db-connections", Integer.toString(dbConnections)));
    args.addAll(databases.nodeArgs());
    return args;
  }
}
