package dev.chorus.platform.eventstore;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A transaction whose first write is an append to the log.
 * <p>
 * Why it matters: a transaction gets its id at its first write, and readers follow the log in transaction-id
 * order. If a transaction wrote something else first, it could hold a lower id than a transaction that
 * committed before it appended, and a stream's versions could reach readers inverted. So appends come
 * first, and {@link #writes()} — the only way to write anything else — closes the door on further appends.
 * <p>
 * Appends are one statement, whatever the number of streams and events: a multi-row insert from arrays,
 * each stream's rows kept only if the stream is at its expected version.
 */
public final class LogTransaction {

  private static final String APPEND = """
    insert into events (stream_id, version, event_id, type, payload, metadata, partition)
    select b.stream_id, b.version, b.event_id, b.type, b.payload::jsonb, b.metadata::jsonb, b.partition
    from unnest($1::text[], $2::int4[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::int2[], $8::int4[])
      with ordinality as b(stream_id, version, event_id, type, payload, metadata, partition, expected, ord)
    where b.expected = coalesce((select max(e.version) from events e where e.stream_id = b.stream_id), 0)
    order by b.ord
    on conflict do nothing
    returning event_id""";

  private final SqlConnection connection;
  private final Future<Transaction> transaction;
  private final Partitioner partitioner;
  private boolean writing;
  private boolean mustRollBack;

  private LogTransaction(SqlConnection connection, Partitioner partitioner) {
    this.connection = connection;
    this.partitioner = partitioner;
    this.transaction = connection.begin();
  }

  /** Begins a transaction on the connection; statements are pipelined behind the {@code BEGIN}. */
  public static LogTransaction begin(SqlConnection connection, Partitioner partitioner) {
    return new LogTransaction(connection, partitioner);
  }

  /**
   * Appends to one or more streams in one statement. A stream that is not at its expected version is not
   * written; the result says which were. Allowed only before {@link #writes()}.
   */
  public Future<AppendResult> append(List<StreamAppend> appends) {
    if (writing) {
      throw new IllegalStateException("an append must be the first write of its transaction; it cannot follow other writes");
    }
    int rows = appends.stream().mapToInt(a -> a.events().size()).sum();
    String[] streams = new String[rows];
    Integer[] versions = new Integer[rows];
    UUID[] ids = new UUID[rows];
    String[] types = new String[rows];
    String[] payloads = new String[rows];
    String[] metadata = new String[rows];
    Short[] partitions = new Short[rows];
    Integer[] expected = new Integer[rows];
    int row = 0;
    for (StreamAppend append : appends) {
      short partition = (short) partitioner.partitionOf(append.streamId());
      int version = append.expectedVersion();
      for (NewEvent event : append.events()) {
        streams[row] = append.streamId();
        versions[row] = ++version;
        ids[row] = event.eventId();
        types[row] = event.type();
        payloads[row] = event.payload();
        metadata[row] = event.metadata();
        partitions[row] = partition;
        expected[row] = append.expectedVersion();
        row++;
      }
    }
    return connection.preparedQuery(APPEND)
      .execute(Tuple.of(streams, versions, ids, types, payloads, metadata, partitions, expected))
      .map(inserted -> result(appends, inserted));
  }

  private AppendResult result(List<StreamAppend> appends, Iterable<Row> inserted) {
    Set<UUID> written = new HashSet<>();
    for (Row row : inserted) {
      written.add(row.getUUID(0));
    }
    List<Boolean> appended = new ArrayList<>(appends.size());
    boolean partial = false;
    for (StreamAppend append : appends) {
      long count = append.events().stream().filter(e -> written.contains(e.eventId())).count();
      appended.add(count == append.events().size());
      partial |= count > 0 && count < append.events().size();
    }
    mustRollBack |= partial;
    return new AppendResult(appended, partial);
  }

  /** The connection for every write that follows the appends (read models, reservations, inbox, checkpoints). */
  public SqlClient writes() {
    writing = true;
    return connection;
  }

  /** Commits, unless an append was written in part: then it rolls back and fails. */
  public Future<Void> commit() {
    if (mustRollBack) {
      return rollback().compose(v -> Future.failedFuture(new IllegalStateException("an append was written in part; rolled back")));
    }
    return transaction.compose(Transaction::commit);
  }

  public Future<Void> rollback() {
    return transaction.compose(Transaction::rollback);
  }
}
