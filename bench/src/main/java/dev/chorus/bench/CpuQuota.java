package dev.chorus.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A control group of cgroup v1's cpu controller that caps the processes moved into it at a share of a core,
 * refilled every 10 ms (a short period, so that a capped process waits milliseconds, not tenths of a second,
 * when it has used its share). Closing it moves what is left in it back to the root group and removes it.
 */
final class CpuQuota implements AutoCloseable {

  private static final Path CPU = Path.of("/sys/fs/cgroup/cpu");
  private static final int PERIOD_US = 10_000;

  private final Path group;
  private long periodsSeen;
  private long throttledSeen;

  private CpuQuota(Path group) {
    this.group = group;
  }

  static CpuQuota create(String name, double cores) throws IOException {
    if (!Files.isWritable(CPU.resolve("cgroup.procs"))) {
      throw new IllegalStateException("this benchmark needs cgroup v1's cpu controller, writable, at " + CPU
        + " (a cgroup v1 machine, run as root)");
    }
    Path group = Files.createDirectory(CPU.resolve(name));
    Files.writeString(group.resolve("cpu.cfs_period_us"), Integer.toString(PERIOD_US));
    Files.writeString(group.resolve("cpu.cfs_quota_us"), Long.toString(Math.max(1_000, Math.round(cores * PERIOD_US))));
    return new CpuQuota(group);
  }

  /** Moves a process, with all its threads, into the group. */
  void add(long pid) throws IOException {
    Files.writeString(group.resolve("cgroup.procs"), Long.toString(pid));
  }

  /** The share of the group's periods since the last call in which it used up its quota. */
  double throttledShare() throws IOException {
    long periods = 0;
    long throttled = 0;
    for (String line : Files.readAllLines(group.resolve("cpu.stat"))) {
      String[] field = line.split(" ");
      if (field[0].equals("nr_periods")) {
        periods = Long.parseLong(field[1]);
      } else if (field[0].equals("nr_throttled")) {
        throttled = Long.parseLong(field[1]);
      }
    }
    double share = periods == periodsSeen ? 0 : (double) (throttled - throttledSeen) / (periods - periodsSeen);
    periodsSeen = periods;
    throttledSeen = throttled;
    return share;
  }

  @Override
  public void close() throws IOException {
    List<String> left = Files.readAllLines(group.resolve("cgroup.procs"));
    for (String pid : left) {
      Files.writeString(CPU.resolve("cgroup.procs"), pid);
    }
    Files.delete(group);
  }
}
