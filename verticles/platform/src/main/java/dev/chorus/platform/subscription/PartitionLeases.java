package dev.chorus.platform.subscription;

import dev.chorus.platform.command.SqlWrite;
import dev.chorus.platform.decider.Rejection;
import dev.chorus.platform.eventstore.Checkpoint;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;

/**
 * Who owns each partition of a subscription, under which epoch, and where it stands. Taking a lease bumps
 * the epoch; every checkpoint write names the epoch it was taken under, so a node that lost its lease can
 * never commit again.
 */
class PartitionLeases {

  static final Rejection FENCED = new Rejection("fenced", "the partition's lease was taken by another node");

  private static final String ENSURE = "insert into subscription_partitions (subscription, partition)"
    + " select $1, p from generate_series(0, $2 - 1) p on conflict do nothing";
  /**
   * Takes a lease that is free, already this node's, held by a node of this node's view of the cluster (a rebalance: that
   * node gives it up too), or held by a node that no longer reaches the database; not one held by a node that does but
   * that this node cannot see (the far side of a network partition).
   */
  private static final String ACQUIRE = "update subscription_partitions p set owner = $3, epoch = epoch + 1, updated_at = now()"
    + " where subscription = $1 and partition = $2 and (owner is null or owner = $3 or owner = any($4::text[]) or not exists"
    + " (select 1 from subscription_nodes n where n.node = p.owner and n.seen_at > now() - make_interval(secs => $5)))"
    + " returning epoch, tx_id::text, position";
  private static final String RELEASE = "update subscription_partitions set owner = null, updated_at = now()"
    + " where subscription = $1 and partition = $2 and owner = $3 and epoch = $4";
  private static final String CHECKPOINTS = "update subscription_partitions s set tx_id = c.tx::xid8, position = c.position, updated_at = now()"
    + " from unnest($2::int2[], $3::int8[], $4::text[], $5::int8[]) as c(partition, epoch, tx, position)"
    + " where s.subscription = $1 and s.partition = c.partition and s.epoch = c.epoch";
  private static final String FENCE = "update subscription_partitions set updated_at = now()"
    + " where subscription = $1 and partition = $2 and epoch = $3";
  private static final String STATES = "select partition, owner, epoch, tx_id::text, position from subscription_partitions"
    + " where subscription = $1 order by partition";
  private static final String RESET = "update subscription_partitions set tx_id = '0', position = 0, epoch = epoch + 1, updated_at = now()"
    + " where subscription = $1";

  /** A lease: the epoch it was taken under and the checkpoint it starts from. */
  record Lease(long epoch, Checkpoint checkpoint) {
  }

  /** Where a partition's checkpoint moves to, under the epoch its lease was taken with. */
  record Position(int partition, long epoch, Checkpoint checkpoint) {
  }

  /** A partition as the database records it. */
  record PartitionState(int partition, String owner, long epoch, Checkpoint checkpoint) {
  }

  private final Pool pool;

  PartitionLeases(Pool pool) {
    this.pool = pool;
  }

  Future<Void> ensure(String subscription, int partitions) {
    return pool.preparedQuery(ENSURE).execute(Tuple.of(subscription, partitions)).mapEmpty();
  }

  /**
   * Takes the lease of a partition for {@code node}, whose view of the cluster is {@code view}; fails with
   * {@link HeldElsewhere} when a node present in the database but absent from {@code view} holds it.
   */
  Future<Lease> acquire(String subscription, int partition, String node, List<String> view) {
    Tuple params = Tuple.of(subscription, (short) partition, node, view.toArray(String[]::new), (double) Presence.STALE.toSeconds());
    return pool.preparedQuery(ACQUIRE).execute(params).compose(rows -> {
      if (rows.rowCount() == 0) {
        return Future.failedFuture(new HeldElsewhere(subscription, partition));
      }
      Row row = rows.iterator().next();
      return Future.succeededFuture(new Lease(row.getLong(0), new Checkpoint(Long.parseLong(row.getString(1)), row.getLong(2))));
    });
  }

  /** A lease held by a node that reaches the database but is not in this node's view of the cluster. */
  static final class HeldElsewhere extends RuntimeException {
    HeldElsewhere(String subscription, int partition) {
      super("partition " + partition + " of " + subscription + " is held by a node that reaches the database but not this node's cluster",
        null, false, false);
    }
  }

  /** A transaction the lease's fence refused: another node took the partition's lease, and nothing of it committed. */
  static final class Fenced extends RuntimeException {
    Fenced(String subscription, int partition) {
      super("partition " + partition + " of " + subscription + ": " + FENCED.message(), null, false, false);
    }
  }

  Future<Void> release(String subscription, int partition, String node, long epoch) {
    return pool.preparedQuery(RELEASE).execute(Tuple.of(subscription, (short) partition, node, epoch)).mapEmpty();
  }

  /**
   * Moves the checkpoints of several partitions in one statement, each only if its lease is still held under the epoch
   * it names; if any is not, the transaction must not commit.
   */
  SqlWrite checkpoints(String subscription, List<Position> positions) {
    Tuple params = Tuple.tuple().addString(subscription)
      .addArrayOfShort(positions.stream().map(p -> (short) p.partition()).toArray(Short[]::new))
      .addArrayOfLong(positions.stream().map(Position::epoch).toArray(Long[]::new))
      .addArrayOfString(positions.stream().map(p -> Long.toString(p.checkpoint().txId())).toArray(String[]::new))
      .addArrayOfLong(positions.stream().map(p -> p.checkpoint().position()).toArray(Long[]::new));
    return SqlWrite.guarded(CHECKPOINTS, params, positions.size(), FENCED);
  }

  /** Leaves the checkpoint alone, but lets the transaction commit only while the lease is held under {@code epoch}. */
  SqlWrite fence(String subscription, int partition, long epoch) {
    return SqlWrite.guarded(FENCE, Tuple.of(subscription, (short) partition, epoch), FENCED);
  }

  Future<List<PartitionState>> states(String subscription) {
    return pool.preparedQuery(STATES).execute(Tuple.of(subscription)).map(rows -> {
      List<PartitionState> states = new ArrayList<>();
      for (Row row : rows) {
        states.add(new PartitionState(row.getShort(0), row.getString(1), row.getLong(2),
          new Checkpoint(Long.parseLong(row.getString(3)), row.getLong(4))));
      }
      return states;
    });
  }

  /** Back to the start of the log, and every current lease fenced: owners re-take them and start over. */
  static Future<Void> reset(SqlClient transaction, String subscription) {
    return transaction.preparedQuery(RESET).execute(Tuple.of(subscription)).mapEmpty();
  }
}
