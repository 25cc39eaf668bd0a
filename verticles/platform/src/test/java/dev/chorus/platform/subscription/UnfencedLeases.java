package dev.chorus.platform.subscription;

import dev.chorus.platform.command.SqlWrite;
import dev.chorus.platform.eventstore.Checkpoint;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

/**
 * The broken lease of the fencing proof's negative control: checkpoints and fences that ignore the epoch, so a
 * node that lost its lease can still commit.
 */
final class UnfencedLeases extends PartitionLeases {

  private static final String CHECKPOINT = "update subscription_partitions set tx_id = $3::text::xid8, position = $4, updated_at = now()"
    + " where subscription = $1 and partition = $2";
  private static final String FENCE = "update subscription_partitions set updated_at = now() where subscription = $1 and partition = $2";

  UnfencedLeases(Pool pool) {
    super(pool);
  }

  @Override
  SqlWrite checkpoint(String subscription, int partition, long epoch, Checkpoint checkpoint) {
    return SqlWrite.guarded(CHECKPOINT, Tuple.of(subscription, (short) partition, Long.toString(checkpoint.txId()), checkpoint.position()),
      FENCED);
  }

  @Override
  SqlWrite fence(String subscription, int partition, long epoch) {
    return SqlWrite.guarded(FENCE, Tuple.of(subscription, (short) partition), FENCED);
  }
}
