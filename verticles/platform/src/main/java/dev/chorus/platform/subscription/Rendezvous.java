package dev.chorus.platform.subscription;

import java.nio.charset.StandardCharsets;
import java.util.Collection;

/**
 * Highest-random-weight (rendezvous) assignment: each partition of a log goes to the node with the highest
 * {@code hash(log, partition, node)}. A joining node takes only the partitions it now wins; a leaving node's partitions
 * spread over the others; nothing else moves. Keyed by the log followed, not by the subscription: among the same nodes,
 * every subscription that follows a log owns a partition on one node, whose single read of it serves them all
 * (docs/decisions/0046).
 */
public final class Rendezvous {

  private Rendezvous() {
  }

  /** The owner of a partition among the given nodes, or {@code null} when there are none. */
  public static String owner(String log, int partition, Collection<String> nodes) {
    String best = null;
    long bestWeight = Long.MIN_VALUE;
    for (String node : nodes) {
      long weight = weight(log + "\u0000" + partition + "\u0000" + node);
      if (best == null || weight > bestWeight || (weight == bestWeight && node.compareTo(best) > 0)) {
        best = node;
        bestWeight = weight;
      }
    }
    return best;
  }

  /** FNV-1a over the UTF-8 bytes, then the SplitMix64 finaliser for an even spread. */
  static long weight(String key) {
    long hash = 0xcbf29ce484222325L;
    for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
      hash ^= b & 0xff;
      hash *= 0x100000001b3L;
    }
    hash ^= hash >>> 30;
    hash *= 0xbf58476d1ce4e5b9L;
    hash ^= hash >>> 27;
    hash *= 0x94d049bb133111ebL;
    return hash ^ (hash >>> 31);
  }
}
