package dev.chorus.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Whether adding a node adds capacity: the order flow of {@link OrderLoad} on 1, 2 and 4 node JVMs, each capped
 * at the same share of a core by a {@link CpuQuota} of its own (PostgreSQL and the load generator are not capped).
 * <p>
 * For each cluster size: a fresh embedded database, the nodes started and warmed up at full speed until their JIT
 * compilers have settled ({@link Compilers}; they would otherwise spend the quota), each sizing its threads for the
 * processors a container with its quota would show it ({@code -XX:ActiveProcessorCount}, one for a share below a
 * core), then the caps, then rates that rise step by step from {@code --start} orders/s per node, each measured for {@code --seconds}, until one is not sustained (an order failed or was still open after
 * the drain, or the final p99 reached {@code --p99}) — or, when the first is not, that fall step by step until one
 * is; one more step halfway between the sustained rate and the one that was not narrows the answer. The last lines give each size's highest sustained rate and the scaling efficiency
 * {@code rate(N) / (N × rate(1))}.
 * <p>
 * With {@code --cpu none} the nodes are not capped: they share the machine with the server and the load generator, and
 * {@code --start} is the cluster's rate, not each node's. With {@code --costs DIR}, the highest sustained step of each
 * size is written as {@code DIR/nodes-N.properties}, a {@link CostProfile} for {@code bench capacity}.
 * <p>
 * Options: {@code --jar launcher/target/chorus.jar}, {@code --nodes 1,2,4}, {@code --cpu 0.25} (cores per node, or none),
 * {@code --start 4}, {@code --step 1.25}, {@code --seconds 20}, {@code --warmup 60}, {@code --warmup-max 360},
 * {@code --warmup-rate 30}, {@code --p99 250}, {@code --products 200}, {@code --customers 1000}, {@code --db-connections 16}, {@code --costs DIR}.
 */
final class ScaleBenchmark {

  private static final int MAX_STEPS = 12;

  private ScaleBenchmark() {
  }

  static void run(BenchOptions options) throws Exception {
    Path jar = Path.of(options.string("jar", "launcher/target/chorus.jar"));
    int[] sizes = Arrays.stream(options.string("nodes", "1,2,4").split(",")).mapToInt(size -> Integer.parseInt(size.trim())).toArray();
    String cpuOption = options.string("cpu", "0.25");
    double cpu = cpuOption.equals("none") ? 0 : Double.parseDouble(cpuOption);
    String costs = options.string("costs", null);
    int warmup = options.integer("warmup", 60);
    Settings settings = new Settings(jar, cpu, options.integer("start", 4), Double.parseDouble(options.string("step", "1.25")),
      options.integer("seconds", 20), warmup, Math.max(warmup, options.integer("warmup-max", 360)), options.integer("warmup-rate", 30),
      options.integer("p99", 250),
      options.integer("products", 200), options.integer("customers", 1_000), options.integer("db-connections", 16),
      costs == null ? null : Files.createDirectories(Path.of(costs)));
    System.out.printf("scale benchmark: %s nodes, %s, steps of x%.2f from %d/s%s, %d s each, final p99 < %d ms,"
        + " %d cores on the machine%n", options.string("nodes", "1,2,4"), settings.capped() ? String.format("%.2f of a core each", cpu)
        : "uncapped", settings.step(), settings.start(), settings.capped() ? " per node" : "", settings.seconds(),
      settings.p99(), Runtime.getRuntime().availableProcessors());
    Map<Integer, Integer> sustained = new LinkedHashMap<>();
    for (int size : sizes) {
      sustained.put(size, sustainedRate(size, settings));
    }
    Integer single = sustained.get(1);
    sustained.forEach((size, rate) -> System.out.printf("scale: %d node%s %s, sustained %d orders/s%s%n", size,
      size == 1 ? "" : "s", settings.capped() ? String.format("at %.2f core each", cpu) : "uncapped", rate, single == null || single == 0 ? "" : String.format(", efficiency %.2f", rate / (size * (double) single))));
  }

  private record Settings(Path jar, double cpu, int start, double step, int seconds, int warmup, int warmupMax, int warmupRate,
                          int p99, int products, int customers, int dbConnections, Path costs) {

    /** Whether each node has a CPU quota of its own; without, the nodes share the machine and the rates are the cluster's. */
    boolean capped() {
      return cpu > 0;
    }

    /** The first rate tried for {@code size} nodes. */
    int first(int size) {
      return capped() ? start * size : start;
    }

    /** What a JVM in a container with this quota would see: whole processors, at least one. */
    int processors() {
      return Math.max(1, (int) Math.ceil(cpu));
    }

    int next(int rate) {
      return Math.max(rate + 1, (int) Math.round(rate * step));
    }

    int previous(int rate) {
      return Math.min(rate - 1, (int) Math.round(rate / step));
    }
  }

  /** The highest rate {@code size} capped nodes sustain, 0 if not even the first step. */
  private static int sustainedRate(int size, Settings settings) throws Exception {
    Path work = Files.createTempDirectory("chorus-scale");
    List<BenchNode> nodes = new ArrayList<>();
    List<CpuQuota> quotas = new ArrayList<>();
    try {
      List<String> args = OrdersBenchmark.nodeArgs(work, BenchDatabases.embedded(), settings.dbConnections());
      for (int i = 0; i < size; i++) {
        nodes.add(BenchNode.start(settings.jar(), work, "node-" + i,
          settings.capped() ? List.of("-XX:ActiveProcessorCount=" + settings.processors()) : List.of(), args));
      }
      System.out.printf("%d node%s: %s%n", size, size == 1 ? "" : "s", nodes.get(0).roundTripReference(2_000));
      long orders = (long) settings.warmupRate() * settings.warmupMax() + (long) MAX_STEPS * settings.seconds() * maxRate(size, settings);
      OrderLoad load = OrderLoad.prepare(nodes, settings.products(), settings.customers(), orders);
      System.out.printf("%d node%s: %s%n", size, size == 1 ? "" : "s",
        load.warmUpUntilCompiled(settings.warmupRate(), settings.warmup(), settings.warmupMax()));
      String run = UUID.randomUUID().toString().substring(0, 8);
      for (BenchNode node : settings.capped() ? nodes : List.<BenchNode>of()) {
        CpuQuota quota = CpuQuota.create("chorus-bench-" + run + "-" + quotas.size(), settings.cpu());
        quotas.add(quota);
        quota.add(node.pid());
      }
      WorkCounters counters = WorkCounters.of(work.resolve("data"), BenchDatabases.embedded(), nodes);
      for (CpuQuota quota : quotas) {
        quota.throttledShare();
      }
      int best = 0;
      int failed = 0;
      OrderLoad.Window bestWindow = null;
      for (int rate = settings.first(size), steps = 0; steps < MAX_STEPS; rate = settings.next(rate), steps++) {
        OrderLoad.Window window = step(size, rate, load, counters, quotas, settings);
        if (!window.sustained(settings.p99())) {
          failed = rate;
          break;
        }
        best = rate;
        bestWindow = window;
      }
      if (best == 0) {
        for (int rate = settings.previous(failed), steps = 0; rate > 0 && steps < MAX_STEPS; failed = rate, rate = settings.previous(rate), steps++) {
          OrderLoad.Window window = step(size, rate, load, counters, quotas, settings);
          if (window.sustained(settings.p99())) {
            best = rate;
            bestWindow = window;
            break;
          }
        }
      }
      int between = (best + failed) / 2;
      if (failed > 0 && best > 0 && between > best) {
        OrderLoad.Window window = step(size, between, load, counters, quotas, settings);
        if (window.sustained(settings.p99())) {
          best = between;
          bestWindow = window;
        }
      }
      if (settings.costs() != null && bestWindow != null) {
        Path file = settings.costs().resolve("nodes-" + size + ".properties");
        bestWindow.profile(size).write(file, "bench scale, " + size + " node" + (size == 1 ? "" : "s") + ", the highest sustained step: "
          + bestWindow.line());
        System.out.printf("%d node%s: the highest sustained step's costs in %s%n", size, size == 1 ? "" : "s", file);
      }
      return best;
    } finally {
      for (int i = nodes.size() - 1; i >= 0; i--) {
        nodes.get(i).close();
      }
      for (CpuQuota quota : quotas) {
        quota.close();
      }
    }
  }

  private static int maxRate(int size, Settings settings) {
    int rate = settings.first(size);
    for (int i = 0; i < MAX_STEPS; i++) {
      rate = settings.next(rate);
    }
    return rate;
  }

  private static OrderLoad.Window step(int size, int rate, OrderLoad load, WorkCounters counters, List<CpuQuota> quotas,
                                      Settings settings) throws Exception {
    OrderLoad.Window window = load.measure(rate, settings.seconds(), counters);
    boolean sustained = window.sustained(settings.p99());
    double throttled = 0;
    for (CpuQuota quota : quotas) {
      throttled += quota.throttledShare() / quotas.size();
    }
    System.out.printf("%d node%s, offered %d/s: %s | %s%s — %s%n", size, size == 1 ? "" : "s", rate,
      window.line(), window.cost().per(window.confirmed(), "confirmed order"),
      settings.capped() ? String.format(" | throttled in %.0f %% of periods", throttled * 100) : "", sustained ? "sustained" : "not sustained");
    return window;
  }
}
