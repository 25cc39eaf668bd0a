package dev.chorus.platform.eventstore;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Reads a context's log without ever passing an event that can still commit below it.
 * <p>
 * Positions come from a sequence, so a transaction can take a low position and commit after a transaction
 * with a higher one. A reader that asks for {@code position > last} would pass the late event for good.
 * This reader orders by {@code (tx_id, position)} and returns only events whose transaction id is below the
 * oldest transaction still running ({@code pg_snapshot_xmin}): every transaction below that line has
 * finished, so nothing can appear behind the checkpoint any more. The price: the oldest open transaction
 * on the server holds every reader back, so writing transactions must be short.
 * <p>
 * The other half of the contract is on the writing side: the append must be a transaction's first write
 * (see {@link LogTransaction}), or the order of transaction ids could invert a stream's versions.
 */
public final class EventLog {

  // Output names differ from column names on purpose: ORDER BY resolves a bare name to an output column first,
  // and sorting by tx_id::text would put transaction 1000 before 999.
  private static final String COLUMNS = "position, stream_id, version, event_id, type, payload::text as payload_json,"
    + " metadata::text as metadata_json, partition, tx_id::text as tx, recorded_at";
  private static final String READ_PARTITION = "select " + COLUMNS + " from events"
    + " where partition = $1 and (tx_id, position) > ($2::text::xid8, $3)"
    + " and tx_id < pg_snapshot_xmin(pg_current_snapshot())"
    + " order by events.tx_id, events.position limit $4";
  private static final String PENDING = "select exists (select 1 from events where partition = $1"
    + " and (tx_id, position) > ($2::text::xid8, $3) and tx_id >= pg_snapshot_xmin(pg_current_snapshot()))";
  private static final String READ_STREAMS = "select " + COLUMNS + " from events"
    + " where stream_id = any($1) order by events.stream_id, events.version";
  private static final String READ_STREAM = "select " + COLUMNS + " from events"
    + " where stream_id = $1 and version > $2 order by events.version";

  private final SqlClient client;

  public EventLog(SqlClient client) {
    this.client = client;
  }

  /** Up to {@code limit} events of one partition after {@code after}, in {@code (tx_id, position)} order. */
  public Future<LogBatch> read(int partition, Checkpoint after, int limit) {
    return client.preparedQuery(READ_PARTITION)
      .execute(Tuple.of((short) partition, Long.toString(after.txId()), after.position(), limit))
      .map(rows -> batch(rows, after));
  }

  /**
   * Whether events after {@code after} exist in the partition that a gap-safe read cannot return yet (an older
   * transaction is still open): a reader that found nothing should look again in a moment, not in a while.
   */
  public Future<Boolean> pending(int partition, Checkpoint after) {
    return client.preparedQuery(PENDING)
      .execute(Tuple.of((short) partition, Long.toString(after.txId()), after.position()))
      .map(rows -> rows.iterator().next().getBoolean(0));
  }

  /** A stream's committed events after {@code afterVersion}, in version order. */
  public Future<List<RecordedEvent>> readStream(String streamId, int afterVersion) {
    return client.preparedQuery(READ_STREAM)
      .execute(Tuple.of(streamId, afterVersion))
      .map(EventLog::events);
  }

  /** Several streams' committed events, each stream's in version order. */
  public Future<List<RecordedEvent>> readStreams(Collection<String> streamIds) {
    return client.preparedQuery(READ_STREAMS)
      .execute(Tuple.tuple().addArrayOfString(streamIds.toArray(String[]::new)))
      .map(EventLog::events);
  }

  private static LogBatch batch(RowSet<Row> rows, Checkpoint after) {
    List<RecordedEvent> events = events(rows);
    return new LogBatch(events, events.isEmpty() ? after : events.get(events.size() - 1).checkpoint());
  }

  private static List<RecordedEvent> events(RowSet<Row> rows) {
    List<RecordedEvent> events = new ArrayList<>(rows.size());
    for (Row row : rows) {
      events.add(new RecordedEvent(
        row.getLong(0), row.getString(1), row.getInteger(2), row.getUUID(3), row.getString(4), row.getString(5),
        row.getString(6), row.getShort(7), Long.parseLong(row.getString(8)), row.getOffsetDateTime(9)));
    }
    return events;
  }
}
