package dev.chorus.platform.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.chorus.platform.eventstore.EventLog;
import dev.chorus.platform.eventstore.RecordedEvent;
import dev.chorus.platform.events.Json;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/** Loads a stream's state from its latest snapshot and the events after it; writes snapshots. */
final class StreamLoader<C, E, S> {

  private static final Logger logger = LoggerFactory.getLogger(StreamLoader.class);
  private static final String READ_SNAPSHOT = "select version, schema, state::text from snapshots where stream_id = $1";
  private static final String WRITE_SNAPSHOT = """
    insert into snapshots (stream_id, version, schema, state) values ($1, $2, $3, $4::text::jsonb)
    on conflict (stream_id) do update set version = excluded.version, schema = excluded.schema, state = excluded.state, taken_at = now()
    where snapshots.version < excluded.version""";

  private final SqlClient pool;
  private final EventLog log;
  private final StreamReads streams;
  private final AggregateType<C, E, S> type;

  StreamLoader(SqlClient pool, AggregateType<C, E, S> type) {
    this.pool = pool;
    this.log = new EventLog(pool);
    this.streams = new StreamReads(log);
    this.type = type;
  }

  Future<StreamState<S>> load(String streamId) {
    Future<StreamState<S>> start = type.snapshots().every() > 0
      ? pool.preparedQuery(READ_SNAPSHOT).execute(Tuple.of(streamId)).map(this::fromSnapshot)
      : Future.succeededFuture(new StreamState<>(0, type.decider().initialState()));
    return start.compose(from -> catchUp(streamId, from));
  }

  /**
   * The state {@code from} brought up to date with the stream's events after its version; the catch-ups one turn asks
   * for share a statement.
   */
  Future<StreamState<S>> catchUp(String streamId, StreamState<S> from) {
    return streams.after(streamId, from.version()).map(events -> fold(from, events));
  }

  private StreamState<S> fold(StreamState<S> from, List<RecordedEvent> events) {
    S state = from.state();
    int version = from.version();
    for (RecordedEvent event : events) {
      state = type.decider().evolve(state, type.events().decode(event.type(), event.payload()));
      version = event.version();
    }
    return new StreamState<>(version, state);
  }

  /** Best effort: a missing snapshot only makes the next load replay more events. */
  void snapshot(String streamId, StreamState<S> state) {
    String json;
    try {
      json = Json.mapper().writeValueAsString(state.state());
    } catch (JsonProcessingException e) {
      logger.warn("cannot snapshot {}: {}", streamId, e.getOriginalMessage());
      return;
    }
    pool.preparedQuery(WRITE_SNAPSHOT)
      .execute(Tuple.of(streamId, state.version(), type.snapshots().schema(), json))
      .onFailure(e -> logger.warn("snapshot of {} at version {} not written: {}", streamId, state.version(), e.getMessage()));
  }

  private StreamState<S> fromSnapshot(RowSet<Row> rows) {
    if (rows.size() == 1) {
      Row row = rows.iterator().next();
      if (type.snapshots().schema().equals(row.getString(1))) {
        try {
          return new StreamState<>(row.getInteger(0), Json.mapper().readValue(row.getString(2), type.snapshots().stateType()));
        } catch (JsonProcessingException e) {
          logger.warn("ignoring an unreadable snapshot: {}", e.getOriginalMessage());
        }
      }
    }
    return new StreamState<>(0, type.decider().initialState());
  }
}
