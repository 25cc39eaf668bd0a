package dev.chorus.platform.subscription;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Which nodes reach a consuming context's database: this node records itself there at most once a {@link #BEAT} and, in the
 * same statement, reads which nodes did within the last {@link #STALE} (table {@code subscription_nodes}).
 * <p>
 * The cluster's membership says which nodes can talk to each other; presence says which can work. A node that cannot reach
 * the database is left out of the assignment of partitions (the others take its share), and a lease held by a node that
 * is present is not taken by a node that does not see it in its cluster — the two sides of a network partition keep their
 * own partitions instead of fencing each other in turn. Shared by the subscriptions of one context on one node; safe to
 * use from any of their event loops.
 */
public final class Presence {

  /** How often a node records itself, at most: three beats fit in {@link #STALE}. */
  public static final Duration BEAT = Duration.ofSeconds(2);
  /**
   * How long a node counts as present after it last recorded itself: a crashed node's partitions move after about this
   * long (its cluster drops it after five seconds), and a node's beats may fall this far behind before others count it gone.
   */
  public static final Duration STALE = Duration.ofSeconds(6);

  /** How long a beat may take before it counts as failed. */
  private static final Duration BEAT_LIMIT = Duration.ofSeconds(2);
  /** Records this node, forgets nodes not seen for an hour (each start of a node is a node of its own), reads the present. */
  private static final String BEAT_AND_READ = "with beat as (insert into subscription_nodes (node, seen_at) values ($1, now())"
    + " on conflict (node) do update set seen_at = excluded.seen_at),"
    + " forgotten as (delete from subscription_nodes where seen_at < now() - interval '1 hour')"
    + " select node from subscription_nodes where seen_at > now() - make_interval(secs => $2) and node <> $1";

  private final SqlClient client;
  private final String nodeId;
  private final AtomicBoolean beating = new AtomicBoolean();
  private volatile long lastBeat;
  private volatile Set<String> present;
  private volatile boolean reachable = true;
  private volatile int recoveries;

  /** @param client pipelined connections to the context's schema: a beat does not queue behind the context's transactions */
  public Presence(SqlClient client, String nodeId) {
    this.client = client;
    this.nodeId = nodeId;
  }

  /** Records this node and reads the others, unless done less than a {@link #BEAT} ago or under way. */
  void beatIfDue() {
    long now = System.nanoTime();
    if (now - lastBeat < BEAT.toNanos() || !beating.compareAndSet(false, true)) {
      return;
    }
    lastBeat = now;
    Future<Set<String>> read = client.preparedQuery(BEAT_AND_READ).execute(Tuple.of(nodeId, (double) STALE.toSeconds())).map(rows -> {
      Set<String> nodes = new HashSet<>();
      for (Row row : rows) {
        nodes.add(row.getString(0));
      }
      nodes.add(nodeId);
      return nodes;
    }).timeout(BEAT_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
    read.onComplete(result -> {
      if (result.succeeded()) {
        present = result.result();
        if (!reachable) {
          recoveries++;
        }
      }
      reachable = result.succeeded();
      beating.set(false);
    });
  }

  /**
   * The nodes of {@code members} that are present, this node always among them; all of them until the first reading.
   * While the database is out of reach, the last reading stands.
   */
  List<String> filter(List<String> members) {
    Set<String> known = present;
    return known == null ? members : members.stream().filter(node -> node.equals(nodeId) || known.contains(node)).toList();
  }

  /** How many times this node reached the database again after failing to: its leases may have been taken meanwhile. */
  int recoveries() {
    return recoveries;
  }
}
