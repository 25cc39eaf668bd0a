package dev.chorus.platform.subscription;

import dev.chorus.platform.command.SqlWrite;
import dev.chorus.platform.eventstore.RecordedEvent;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Events set aside: a {@code parked} event failed every attempt; {@code waiting} events are the later events
 * of its stream, held back so that the stream's order survives. Both wait for an operator's retry or skip.
 */
final class ParkedEvents {

  static final String PARKED = "parked";
  static final String WAITING = "waiting";

  private static final String COLUMNS = "subscription, event::text, status, attempts, last_error, parked_at";
  private static final String PARK = "insert into parked_events (subscription, event_id, stream_id, partition, position, status, event, attempts, last_error)"
    + " values ($1, $2, $3, $4, $5, $6, $7::text::jsonb, $8, $9) on conflict do nothing";
  private static final String REMOVE = "delete from parked_events where subscription = $1 and event_id = $2";
  private static final String BLOCKED = "select distinct stream_id from parked_events where subscription = $1 and partition = $2";
  private static final String LIST = "select " + COLUMNS + " from parked_events where ($1::text is null or subscription = $1)"
    + " order by subscription, partition, position";
  private static final String QUEUE = "select " + COLUMNS + " from parked_events where subscription = $1 and stream_id = $2 order by position";
  private static final String FIND = "select " + COLUMNS + " from parked_events where subscription = $1 and event_id = $2";
  private static final String FAILED_AGAIN = "update parked_events set status = 'parked', attempts = attempts + 1, last_error = $3"
    + " where subscription = $1 and event_id = $2";
  private static final String COUNT = "select count(*) from parked_events where subscription = $1";

  /** An event set aside, with why. */
  record Parked(String subscription, RecordedEvent event, String status, int attempts, String lastError, OffsetDateTime parkedAt) {

    JsonObject toJson() {
      return new JsonObject()
        .put("subscription", subscription)
        .put("eventId", event.eventId().toString())
        .put("type", event.type())
        .put("streamId", event.streamId())
        .put("version", event.version())
        .put("partition", event.partition())
        .put("position", event.position())
        .put("status", status)
        .put("attempts", attempts)
        .put("lastError", lastError)
        .put("parkedAt", parkedAt.toString());
    }
  }

  private final Pool pool;

  ParkedEvents(Pool pool) {
    this.pool = pool;
  }

  static SqlWrite park(String subscription, RecordedEvent event, String status, int attempts, String error) {
    return SqlWrite.of(PARK, Tuple.of(subscription, event.eventId(), event.streamId(), (short) event.partition(), event.position(),
      status, LogCodec.event(event).encode(), attempts, error));
  }

  static SqlWrite remove(String subscription, UUID eventId) {
    return SqlWrite.of(REMOVE, Tuple.of(subscription, eventId));
  }

  Future<Set<String>> blockedStreams(String subscription, int partition) {
    return pool.preparedQuery(BLOCKED).execute(Tuple.of(subscription, (short) partition)).map(rows -> {
      Set<String> streams = new HashSet<>();
      for (Row row : rows) {
        streams.add(row.getString(0));
      }
      return streams;
    });
  }

  Future<List<Parked>> list(String subscription) {
    return pool.preparedQuery(LIST).execute(Tuple.of(subscription)).map(ParkedEvents::parked);
  }

  /** The parked event of a stream and those waiting behind it, in order. */
  Future<List<Parked>> queue(String subscription, String streamId) {
    return pool.preparedQuery(QUEUE).execute(Tuple.of(subscription, streamId)).map(ParkedEvents::parked);
  }

  Future<Optional<Parked>> find(String subscription, UUID eventId) {
    return pool.preparedQuery(FIND).execute(Tuple.of(subscription, eventId)).map(rows -> parked(rows).stream().findFirst());
  }

  Future<Void> failedAgain(String subscription, UUID eventId, String error) {
    return pool.preparedQuery(FAILED_AGAIN).execute(Tuple.of(subscription, eventId, error)).mapEmpty();
  }

  Future<Long> count(String subscription) {
    return pool.preparedQuery(COUNT).execute(Tuple.of(subscription)).map(rows -> rows.iterator().next().getLong(0));
  }

  private static List<Parked> parked(RowSet<Row> rows) {
    List<Parked> parked = new ArrayList<>();
    for (Row row : rows) {
      parked.add(new Parked(row.getString(0), LogCodec.event(new JsonObject(row.getString(1))), row.getString(2),
        row.getInteger(3), row.getString(4), row.getOffsetDateTime(5)));
    }
    return parked;
  }

  /** The error a parked event records: the failure's kind and message. */
  static String error(Throwable failure) {
    return failure.getClass().getSimpleName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
  }
}
