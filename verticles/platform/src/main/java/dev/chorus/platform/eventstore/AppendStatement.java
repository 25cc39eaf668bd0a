package dev.chorus.platform.eventstore;

import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * One statement for any number of stream appends: a multi-row insert from arrays, each stream's rows kept
 * only if the stream is at its expected version. Inside a shared transaction a version taken by a
 * concurrent writer skips the row ({@code on conflict do nothing}), so that the other appends can go on;
 * on its own (autocommit) it fails the statement instead, so that an append is never written in part.
 * <p>
 * One stream's append checks its version once (a parameter); several streams' appends check each row's
 * stream. PostgreSQL estimates an array parameter at 100 elements, which makes the generic plan of the
 * per-row check look expensive enough to be planned anew at every execution (about 1 ms): a node's sessions use
 * generic plans only (see {@code DatabaseUrl}).
 * <p>
 * Several streams' rows are inserted in the order of their stream ids. Two transactions appending to streams in
 * common then wait for each other's versions in the same order, one behind the other, instead of each holding a
 * version the other waits for (a deadlock, which PostgreSQL only breaks after its {@code deadlock_timeout}).
 */
final class AppendStatement {

  private static final String ONE_STREAM = """
    insert into events (stream_id, version, event_id, type, payload, metadata, partition)
    select $1, $2 + b.ord::int4, b.event_id, b.type, b.payload::jsonb, b.metadata::jsonb, $3
    from unnest($4::uuid[], $5::text[], $6::text[], $7::text[]) with ordinality as b(event_id, type, payload, metadata, ord)
    where $2 = coalesce((select max(e.version) from events e where e.stream_id = $1), 0)
    order by b.ord""";
  private static final String STREAMS = """
    insert into events (stream_id, version, event_id, type, payload, metadata, partition)
    select b.stream_id, b.version, b.event_id, b.type, b.payload::jsonb, b.metadata::jsonb, b.partition
    from unnest($1::text[], $2::int4[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::int2[], $8::int4[])
      with ordinality as b(stream_id, version, event_id, type, payload, metadata, partition, expected, ord)
    where b.expected = coalesce((select max(e.version) from events e where e.stream_id = b.stream_id), 0)
    order by b.ord""";
  private static final String SKIP = "\non conflict do nothing\nreturning event_id";
  private static final String FAIL = "\nreturning event_id";

  private AppendStatement() {
  }

  /** The statement for these appends, skipping or failing on versions taken by concurrent writers. */
  static String sql(List<StreamAppend> appends, boolean skipTakenVersions) {
    return (appends.size() == 1 ? ONE_STREAM : STREAMS) + (skipTakenVersions ? SKIP : FAIL);
  }

  static Tuple parameters(List<StreamAppend> appends, Partitioner partitioner) {
    return appends.size() == 1 ? oneStream(appends.get(0), partitioner) : streams(appends, partitioner);
  }

  private static Tuple oneStream(StreamAppend append, Partitioner partitioner) {
    int rows = append.events().size();
    UUID[] ids = new UUID[rows];
    String[] types = new String[rows];
    String[] payloads = new String[rows];
    String[] metadata = new String[rows];
    for (int i = 0; i < rows; i++) {
      NewEvent event = append.events().get(i);
      ids[i] = event.eventId();
      types[i] = event.type();
      payloads[i] = event.payload();
      metadata[i] = event.metadata();
    }
    return Tuple.of(append.streamId(), append.expectedVersion(), (short) partitioner.partitionOf(append.streamId()),
      ids, types, payloads, metadata);
  }

  private static Tuple streams(List<StreamAppend> appends, Partitioner partitioner) {
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
    for (StreamAppend append : appends.stream().sorted(Comparator.comparing(StreamAppend::streamId)).toList()) {
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
    return Tuple.of(streams, versions, ids, types, payloads, metadata, partitions, expected);
  }

  /** Which appends were written whole, from the ids the statement returned. */
  static AppendResult result(List<StreamAppend> appends, Iterable<Row> inserted) {
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
    return new AppendResult(appended, partial);
  }
}
