package dev.chorus.platform.eventstore;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/** Where each consumer stands in each partition of a log; a stored checkpoint only ever moves forward. */
public final class Checkpoints {

  private static final String LOAD = "select tx_id::text, position from checkpoints where consumer = $1 and partition = $2";
  private static final String SAVE = """
    insert into checkpoints (consumer, partition, tx_id, position) values ($1, $2, $3::text::xid8, $4)
    on conflict (consumer, partition) do update set tx_id = excluded.tx_id, position = excluded.position, updated_at = now()
    where (checkpoints.tx_id, checkpoints.position) < (excluded.tx_id, excluded.position)""";

  private Checkpoints() {
  }

  public static Future<Checkpoint> load(SqlClient client, String consumer, int partition) {
    return client.preparedQuery(LOAD).execute(Tuple.of(consumer, (short) partition)).map(Checkpoints::checkpoint);
  }

  /** Stores the checkpoint if it is ahead of the stored one; returns whether it was. */
  public static Future<Boolean> save(SqlClient client, String consumer, int partition, Checkpoint checkpoint) {
    return client.preparedQuery(SAVE)
      .execute(Tuple.of(consumer, (short) partition, Long.toString(checkpoint.txId()), checkpoint.position()))
      .map(rows -> rows.rowCount() == 1);
  }

  private static Checkpoint checkpoint(RowSet<Row> rows) {
    if (rows.size() == 0) {
      return Checkpoint.START;
    }
    Row row = rows.iterator().next();
    return new Checkpoint(Long.parseLong(row.getString(0)), row.getLong(1));
  }
}
