package dev.chorus.platform.trace;

import dev.chorus.platform.web.BusAnswers;
import dev.chorus.platform.web.JsonInput;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;


/**
 * A context's part of a conversation, answered from its own log over the event bus: every event whose correlation id
 * is the one asked (at most {@value #MAX_EVENTS}), or, asked for an entity's id, the conversations that began the
 * streams named {@code <aggregate>-<id>}.
 */
public final class TraceService {

  static final int MAX_EVENTS = 1_000;
  private static final String EVENTS = "select event_id, stream_id, type, metadata->>'causationId', recorded_at from events"
    + " where metadata->>'correlationId' = $1 order by position limit " + MAX_EVENTS;
  private static final String STARTED_BY = "select metadata->>'correlationId' from events"
    + " where version = 1 and reverse(stream_id) like reverse('-' || $1) || '%' limit 10";

  private TraceService() {
  }

  /** The address under which {@code context} answers for its part of conversations. */
  static String address(String context) {
    return "chorus." + context + ".traces";
  }

  public static Future<MessageConsumer<Object>> serve(Vertx vertx, String context, SqlClient reads) {
    MessageConsumer<Object> consumer = vertx.eventBus().consumer(address(context), BusAnswers.answering(BusAnswers::json,
      asked -> asked.containsKey("correlationId")
        ? events(reads, context, asked.getString("correlationId"))
        : conversations(reads, asked.getString("streamSuffix"))));
    return consumer.completion().map(consumer);
  }

  private static Future<JsonObject> events(SqlClient reads, String context, String correlationId) {
    return reads.preparedQuery(EVENTS).execute(Tuple.of(JsonInput.uuid("correlationId", correlationId).toString())).map(rows -> {
      JsonArray events = new JsonArray();
      for (Row row : rows) {
        events.add(new JsonObject().put("context", context).put("type", row.getString(2)).put("streamId", row.getString(1))
          .put("eventId", row.getUUID(0).toString()).put("causationId", row.getString(3))
          .put("recordedAt", row.getOffsetDateTime(4).toInstant().toString()));
      }
      return new JsonObject().put("events", events);
    });
  }

  private static Future<JsonObject> conversations(SqlClient reads, String streamSuffix) {
    return reads.preparedQuery(STARTED_BY).execute(Tuple.of(streamSuffix)).map(rows -> {
      JsonArray correlations = new JsonArray();
      rows.forEach(row -> correlations.add(row.getString(0)));
      return new JsonObject().put("correlationIds", correlations);
    });
  }
}
