package dev.chorus.launcher;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;

/** Every attempt a {@link ClusterClient} made: when it ended, at which node, and how (a status, or none). */
final class RequestLog {

  /** No answer came: the connection failed or the request timed out. */
  static final int UNANSWERED = -1;

  /** One attempt: when it ended ({@link System#nanoTime()}), the node asked, the status answered. */
  record Attempt(long endedAt, String node, int status) {
  }

  /**
   * Attempts ended in a time window: answered (below 500: a command's outcome, a 4xx included), refused (503 and the like:
   * the client tries another node), failed (500) and unanswered (no status within the client's timeout).
   */
  record Tally(long answered, long refused, long failed, long unanswered) {
    @Override
    public String toString() {
      return answered + " answered, " + refused + " refused, " + failed + " failed, " + unanswered + " unanswered";
    }
  }

  private final ConcurrentLinkedQueue<Attempt> attempts = new ConcurrentLinkedQueue<>();

  void add(String node, int status) {
    attempts.add(new Attempt(System.nanoTime(), node, status));
  }

  /** The attempts that ended from {@code from} (inclusive) to {@code to} (exclusive), in nanoTime. */
  Tally between(long from, long to) {
    return tally(window(from, to));
  }

  /** As {@link #between}, per node asked. */
  Map<String, Tally> byNode(long from, long to) {
    Map<String, List<Attempt>> byNode = window(from, to).stream().collect(Collectors.groupingBy(Attempt::node, TreeMap::new, Collectors.toList()));
    Map<String, Tally> tallies = new TreeMap<>();
    byNode.forEach((node, attempts) -> tallies.put(node, tally(attempts)));
    return tallies;
  }

  private List<Attempt> window(long from, long to) {
    return attempts.stream().filter(a -> a.endedAt() >= from && a.endedAt() < to).toList();
  }

  private static Tally tally(List<Attempt> window) {
    return new Tally(window.stream().filter(a -> a.status() != UNANSWERED && a.status() < 500).count(),
      window.stream().filter(a -> a.status() > 500).count(),
      window.stream().filter(a -> a.status() == 500).count(),
      window.stream().filter(a -> a.status() == UNANSWERED).count());
  }
}
