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

  private Compilers() {
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
