package dev.chorus.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The CPU a node JVM's JIT compiler threads have used ({@code /proc/PID/task}, threads named {@code C1 CompilerThre…}
 * and {@code C2 CompilerThre…}). A node compiles for minutes after it starts: at 50 orders/s its compilers use 35–40 %
 * of a core for the first two minutes and about 3 % after four. A cost measured before they settle is the
 * compiler's, not the node's.
 */
final class Compilers {

  private static final int SLICE_SECONDS = 10;
  private static final double SETTLED_SHARE = 0.05;

  /** Load at a rate, run for some seconds and not counted. */
  interface Load {
    void run(int seconds) throws Exception;
  }

  private Compilers() {
  }

  /**
   * Runs {@code load} for at least {@code minSeconds} and then until the nodes' JIT compilers have settled (under
   * {@value #SETTLED_SHARE} of a core per node over the last {@value #SLICE_SECONDS} s), for {@code maxSeconds} at
   * most. Says how long it took.
   */
  static String warmUp(List<BenchNode> nodes, int rate, int minSeconds, int maxSeconds, Load load) throws Exception {
    int elapsed = 0;
    double share;
    do {
      double before = cpuMs(nodes);
      load.run(SLICE_SECONDS);
      elapsed += SLICE_SECONDS;
      share = (cpuMs(nodes) - before) / (SLICE_SECONDS * 1000.0) / nodes.size();
    } while (elapsed < maxSeconds && (elapsed < minSeconds || share >= SETTLED_SHARE));
    return String.format("warm-up: %d s at %d/s, JIT compilers %.1f %% of a core per node over the last %d s%s", elapsed, rate,
      share * 100, SLICE_SECONDS, share < SETTLED_SHARE ? "" : " (not settled by --warmup-max)");
  }

  /** CPU milliseconds the compiler threads of these processes have used so far, summed. */
  static double cpuMs(List<BenchNode> nodes) {
    double total = 0;
    for (BenchNode node : nodes) {
      try (Stream<Path> threads = Files.list(Path.of("/proc", Long.toString(node.pid()), "task"))) {
        for (Path thread : threads.toList()) {
          total += compilerMs(thread);
        }
      } catch (IOException e) {
        throw new IllegalStateException("cannot read the threads of node process " + node.pid(), e);
      }
    }
    return total;
  }

  private static double compilerMs(Path thread) {
    try {
      if (!Files.readString(thread.resolve("comm")).contains("CompilerThre")) {
        return 0;
      }
    } catch (IOException e) {
      return 0;                                             // the thread ended meanwhile
    }
    String[] stat = WorkCounters.stat(thread.resolve("stat"));
    return stat == null ? 0 : WorkCounters.usedMs(stat);
  }
}
