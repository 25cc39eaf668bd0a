package dev.chorus.platform.subscription;

import dev.chorus.platform.command.SqlWrite;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

import java.util.List;

/**
 * The broken lease of the fencing proof's negative control: checkpoints and fences that ignore the epoch, so a
 * node that lost its lease can still commit.
 */
final class UnfencedLeases extends PartitionLeases {

  private static final String CHECKPOINTS = "update subscription_partitions s set tx_id = c.tx::xid8, position = c.position, updated_at = now()"
    + " from unnest($2::int2[], $3::text[], $4::int8[]) as c(partition, tx, position)"
    + " where s.subscription = $1 and s.partition = c.partition";
  private static final String FENCE = "update subscription_partitions set updated_at = now() where subscription = $1 and partition = $2";

  UnfencedLeases(Pool pool) {
    super(pool);
  }

  @Override
  SqlWrite checkpoints(String subscription, List<Position> positions) {
    Tuple params = Tuple.tuple().addString(subscription)
      .addArrayOfShort(positions.stream().map(p -> (short) p.partition()).toArray(Short[]::new))
      .addArrayOfString(positions.stream().map(p -> Long.toString(p.checkpoint().txId())).toArray(String[]::new))
      .addArrayOfLong(positions.stream().map(p -> p.checkpoint().position()).toArray(Long[]::new));
    return SqlWrite.guarded(CHECKPOINTS, params, positions.size(), FENCED);
  }

  @Override
  SqlWrite fence(String subscription, int partition, long epoch) {
    return SqlWrite.guarded(FENCE, Tuple.of(subscription, (short) partition), FENCED);
  }
}
