package dev.chorus.platform.eventstore;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a context's log without ever passing an event that can still commit below it.
 * <p>
 * Positions come from a sequence, so a transaction can take a low position and commit after a transaction
 * with a higher one. A reader that asks for {@code position > last} would pass the late event for good.
 * This reader orders by {@code (tx_id, position)} and returns only events whose transaction id is below the
 * oldest transaction still running that can still add events to this log: nothing can appear behind the
 * checkpoint any more.
 * <p>
 * Which running transactions can: the append is a transaction's first write (see {@link LogTransaction}), so a
 * transaction that writes this log holds a write lock on its {@code events} table from before it has an id until it
 * ends. A transaction of the statement's snapshot is passed over only when the server's locks, read after the snapshot,
 * show it running without that lock, and the server still counts it as running after that reading: it wrote
 * something else first and will never write here. Every other one of the snapshot is a horizon — one holding the
 * lock, one that ended meanwhile (its events, if any, are not in the snapshot), and one that is ending: a transaction
 * that ends leaves the server's running transactions first and gives back its locks after, its fast-path relation
 * locks before its transaction id's, so for a moment the lock table shows a writer running without its lock on the log. Below the
 * oldest open transaction of the whole server ({@code pg_snapshot_xmin}) nothing is open, so the locks are read only
 * when events lie above it. A long transaction in another context, or a consumer's transaction that writes only read
 * models, holds no reader of this log back; one that appended here does, so writing transactions must still be short.
 * <p>
 * The lock table is read once per statement ({@code pg_locks}, materialised); a transaction is asked whether it still
 * runs ({@code pg_xact_status}) only about a row of that reading, so never before it.
 */
public final class EventLog {

  // Output names differ from column names on purpose: ORDER BY resolves a bare name to an output column first,
  // and sorting by tx_id::text would put transaction 1000 before 999.
  private static final String COLUMNS = "position, stream_id, version, event_id, type, payload::text as payload_json,"
    + " metadata::text as metadata_json, partition, tx_id::text as tx, recorded_at";
  /** The transactions of the snapshot that the horizon passes over: running, and never to write this log. */
  static final String PASSED_OVER = "passed_over";
  /**
   * The oldest transaction of the statement's snapshot that can still add events to this log (see the class
   * comment), or the snapshot's upper bound when none can. Computed only when a row asks for it.
   */
  static final String HORIZON = "locks as materialized (select locktype, mode, granted, transactionid, pid, relation from pg_locks),"
    + " unlocked as materialized (select x from pg_snapshot_xip(pg_current_snapshot()) x join locks t on t.transactionid = x::xid"
    + "   where t.locktype = 'transactionid' and t.mode = 'ExclusiveLock' and t.granted and t.pid is not null"
    + "   and not exists (select 1 from locks r where r.pid = t.pid and r.locktype = 'relation'"
    + "     and r.relation = 'events'::regclass and r.mode <> 'AccessShareLock')),"
    + " " + PASSED_OVER + " as materialized (select x from unlocked where pg_xact_status(x) = 'in progress'),"
    + " horizon as materialized (select coalesce(min(x), pg_snapshot_xmax(pg_current_snapshot())) as tx"
    + "   from pg_snapshot_xip(pg_current_snapshot()) x where not exists (select 1 from " + PASSED_OVER + " p where p.x = x.x))";

  /**
   * Each read asked for (a partition after a checkpoint; the same partition may be asked for more than once), with
   * whether events are pending behind it, joined to its next gap-safe events (none: one row of nulls). One statement,
   * so one snapshot decides both what is readable and what is pending for every read.
   * <p>
   * Pending: the partition's newest event after the checkpoint is not readable (readability falls with
   * {@code tx_id}, so if any is not, the newest is not). It is found from the top of the partition's index, never by
   * walking from the checkpoint: behind a checkpoint far back (a consumer catching up) that walk crossed the whole
   * backlog on every read.
   */
  private static final String READ_PARTITIONS = "with " + HORIZON
    + " select e.position, e.stream_id, e.version, e.event_id, e.type, e.payload_json,"
    + " e.metadata_json, asked.partition, e.tx, e.recorded_at, asked.pending, asked.n"
    + " from (select a.n, a.partition, a.tx, a.position, a.quota,"
    + "   case when newest.tx_id is null then false else newest.tx_id >= (select tx from horizon) end as pending"
    + "   from unnest($1::int2[], $2::text[]::xid8[], $3::int8[], $4::int4[]) with ordinality as a(partition, tx, position, quota, n)"
    + "   left join lateral (select p.tx_id from events p where p.partition = a.partition"
    + "     and p.tx_id >= greatest(a.tx, pg_snapshot_xmin(pg_current_snapshot())) and (p.tx_id > a.tx or p.position > a.position)"
    + "     order by p.tx_id desc, p.position desc limit 1) newest on true) asked"
    + " left join lateral (select " + COLUMNS + ", events.tx_id as tx_order from events"
    + "   where events.partition = asked.partition and (events.tx_id, events.position) > (asked.tx, asked.position)"
    + "   and (events.tx_id < pg_snapshot_xmin(pg_current_snapshot()) or events.tx_id < (select tx from horizon))"
    + "   order by events.tx_id, events.position limit asked.quota) e on true"
    + " order by asked.n, e.tx_order, e.position";
  private static final String READ_STREAM = "select " + COLUMNS + " from events"
    + " where stream_id = $1 and version > $2 order by events.version";
  /**
   * Each stream asked for, joined to its events after the version asked for. The lateral subquery is kept apart
   * ({@code offset 0}), so that every stream is an index lookup whatever the number asked for: planned as a join, a
   * long list made the planner scan the whole log.
   */
  private static final String READ_STREAMS_AFTER = "select e.*, s.n from unnest($1::text[], $2::int4[]) with ordinality as s(stream_id, after, n)"
    + " cross join lateral (select " + COLUMNS + " from events"
    + "   where events.stream_id = s.stream_id and events.version > s.after order by events.version offset 0) e"
    + " order by s.n, e.version";

  private final SqlClient client;

  public EventLog(SqlClient client) {
    this.client = client;
  }

  /** Up to {@code limit} events of one partition after {@code after}, in {@code (tx_id, position)} order. */
  public Future<LogBatch> read(int partition, Checkpoint after, int limit) {
    return read(Map.of(partition, new PartitionQuery(after, limit))).map(reads -> reads.get(partition).batch());
  }

  /** Where to read a partition from, and how many events at most. */
  public record PartitionQuery(Checkpoint after, int limit) {
  }

  /**
   * What one partition holds after its checkpoint.
   *
   * @param batch   the next events that can no longer be passed by a late commit
   * @param pending whether events after the checkpoint exist that cannot be read yet (an older transaction is still
   *                open): a reader that found nothing should look again in a moment, not in a while, and one that found
   *                some must look again after them
   */
  public record PartitionRead(LogBatch batch, boolean pending) {
  }

  /** Several partitions at once, in one statement: each partition's batch, in {@code (tx_id, position)} order. */
  public Future<Map<Integer, PartitionRead>> read(Map<Integer, PartitionQuery> partitions) {
    List<Integer> asked = List.copyOf(partitions.keySet());
    return read(asked.stream().map(partition -> new PartitionAsked(partition, partitions.get(partition))).toList()).map(reads -> {
      Map<Integer, PartitionRead> byPartition = new HashMap<>();
      for (int i = 0; i < asked.size(); i++) {
        byPartition.put(asked.get(i), reads.get(i));
      }
      return byPartition;
    });
  }

  /** A partition to read after a checkpoint. */
  public record PartitionAsked(int partition, PartitionQuery query) {
  }

  /** Any number of reads, of the same partitions or others, in one statement: one answer per read, in the order asked. */
  public Future<List<PartitionRead>> read(List<PartitionAsked> asked) {
    Tuple params = Tuple.tuple()
      .addArrayOfShort(asked.stream().map(a -> (short) a.partition()).toArray(Short[]::new))
      .addArrayOfString(asked.stream().map(a -> Long.toString(a.query().after().txId())).toArray(String[]::new))
      .addArrayOfLong(asked.stream().map(a -> a.query().after().position()).toArray(Long[]::new))
      .addArrayOfInteger(asked.stream().map(a -> a.query().limit()).toArray(Integer[]::new));
    return client.preparedQuery(READ_PARTITIONS).execute(params).map(rows -> {
      List<List<RecordedEvent>> events = new ArrayList<>(asked.size());
      boolean[] pending = new boolean[asked.size()];
      asked.forEach(a -> events.add(new ArrayList<>()));
      for (Row row : rows) {
        int index = (int) (row.getLong(11) - 1);
        pending[index] = row.getBoolean(10);
        if (row.getValue(0) != null) {
          events.get(index).add(event(row));
        }
      }
      List<PartitionRead> reads = new ArrayList<>(asked.size());
      for (int i = 0; i < asked.size(); i++) {
        List<RecordedEvent> batch = events.get(i);
        Checkpoint after = asked.get(i).query().after();
        reads.add(new PartitionRead(new LogBatch(batch, batch.isEmpty() ? after : batch.get(batch.size() - 1).checkpoint()),
          pending[i]));
      }
      return reads;
    });
  }

  /** A stream's committed events after {@code afterVersion}, in version order. */
  public Future<List<RecordedEvent>> readStream(String streamId, int afterVersion) {
    return client.preparedQuery(READ_STREAM)
      .execute(Tuple.of(streamId, afterVersion))
      .map(EventLog::events);
  }

  /** A stream to read after a version. */
  public record StreamAfter(String streamId, int afterVersion) {
  }

  /**
   * Any number of stream reads (the same stream may be asked for more than once) in one statement: one answer per
   * read, in the order asked, each what {@link #readStream} would have returned.
   */
  public Future<List<List<RecordedEvent>>> readStreams(List<StreamAfter> asked) {
    Tuple params = Tuple.tuple()
      .addArrayOfString(asked.stream().map(StreamAfter::streamId).toArray(String[]::new))
      .addArrayOfInteger(asked.stream().map(StreamAfter::afterVersion).toArray(Integer[]::new));
    return client.preparedQuery(READ_STREAMS_AFTER).execute(params).map(rows -> {
      List<List<RecordedEvent>> answers = new ArrayList<>(asked.size());
      asked.forEach(a -> answers.add(new ArrayList<>()));
      for (Row row : rows) {
        answers.get((int) (row.getLong(10) - 1)).add(event(row));
      }
      return answers;
    });
  }

  private static List<RecordedEvent> events(RowSet<Row> rows) {
    List<RecordedEvent> events = new ArrayList<>(rows.size());
    for (Row row : rows) {
      events.add(event(row));
    }
    return events;
  }

  private static RecordedEvent event(Row row) {
    return new RecordedEvent(row.getLong(0), row.getString(1), row.getInteger(2), row.getUUID(3), row.getString(4), row.getString(5),
      row.getString(6), row.getShort(7), Long.parseLong(row.getString(8)), row.getOffsetDateTime(9));
  }
}
