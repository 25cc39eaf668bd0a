package dev.chorus.bench;


import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What an idle node costs: one node JVM hosting every context (shared embedded database, or {@code --db URL}),
 * left alone after it is ready, then measured over a window: its CPU as a share of one core, and the statements
 * and PostgreSQL transactions per second it causes, from {@link WorkCounters}. The reference beside it is the
 * whole machine's CPU over the same window ({@code /proc/stat}), which shows what else was running. The node's
 * JIT compilers are shown apart: they compile the node's periodic work for minutes after it starts (a method
 * run once a second takes hours to be called as often as the compiler's thresholds ask), a cost that fades.
 * <p>
 * Options: {@code --jar launcher/target/chorus.jar}, {@code --settle 120} (seconds between ready and the window, for
 * the start's compilations and the first rebalances), {@code --seconds 30}, {@code --db}.
 */
final class IdleBenchmark {

  private IdleBenchmark() {
  }

  static void run(BenchOptions options) throws Exception {
    Path jar = Path.of(options.string("jar", "launcher/target/chorus.jar"));
    int settle = options.integer("settle", 120);
    int seconds = options.integer("seconds", 30);
    BenchDatabases databases = BenchDatabases.of(options);
    Path work = Files.createTempDirectory("chorus-idle");
    List<String> args = new ArrayList<>(List.of("--cluster-config", BenchCluster.config(work).toString(),
      "--data-dir", work.resolve("data").toString()));
    args.addAll(databases.nodeArgs());
    System.out.printf("idle benchmark: 1 node hosting every context, %d s after ready, measured for %d s, %d cores%n",
      settle, seconds, Runtime.getRuntime().availableProcessors());
    try (BenchNode node = BenchNode.start(jar, work, "node", args)) {
      List<BenchNode> nodes = List.of(node);
      WorkCounters counters = WorkCounters.of(work.resolve("data"), databases, nodes);
      TimeUnit.SECONDS.sleep(settle);
      WorkCounters.Reading before = counters.read();
      MachineCpu machineBefore = MachineCpu.read();
      long begin = System.nanoTime();
      TimeUnit.SECONDS.sleep(seconds);
      WorkCounters.Reading cost = counters.read().minus(before);
      double machineBusy = MachineCpu.read().busyCoresSince(machineBefore);
      double elapsed = (System.nanoTime() - begin) / 1e9;
      System.out.printf("reference: the machine's CPU over the window, %.1f %% of one core (all processes)%n", 100 * machineBusy);
      System.out.printf("idle: node CPU %.2f %% of one core (JIT compilers %.2f %%), %.1f statements/s, %.1f PostgreSQL transactions/s%s%n",
        100 * cost.nodeCpuMs() / (elapsed * 1_000), 100 * cost.compilersMs() / (elapsed * 1_000), cost.statements() / elapsed, cost.transactions() / elapsed,
        cost.postgresCpuMs() < 0 ? "" : String.format(", PostgreSQL CPU %.2f %% of one core", 100 * cost.postgresCpuMs() / (elapsed * 1_000)));
    }
  }

  /** Busy and total jiffies of every core, from the first line of {@code /proc/stat}. */
  private record MachineCpu(long busy, long total) {

    static MachineCpu read() throws IOException {
      String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long total = 0;
      for (int i = 1; i < fields.length; i++) {
        total += Long.parseLong(fields[i]);
      }
      long idle = Long.parseLong(fields[4]) + Long.parseLong(fields[5]);
      return new MachineCpu(total - idle, total);
    }

    /** Cores kept busy on average since {@code earlier}. */
    double busyCoresSince(MachineCpu earlier) {
      int cores = Runtime.getRuntime().availableProcessors();
      return cores * (double) (busy - earlier.busy) / Math.max(1, total - earlier.total);
    }
  }
}
