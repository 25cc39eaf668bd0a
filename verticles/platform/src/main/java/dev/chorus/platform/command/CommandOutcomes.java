package dev.chorus.platform.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chorus.platform.decider.Rejection;
import dev.chorus.platform.eventstore.NewEvent;
import dev.chorus.platform.events.EventTypes;
import dev.chorus.platform.events.Json;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The first outcome of every command that carried an id. It is recorded in the command's own transaction,
 * after its append, by a guarded insert: of two concurrent runs of the same command exactly one commits,
 * and the other returns the first one's outcome.
 */
final class CommandOutcomes<E> {

  static final Rejection DUPLICATE = new Rejection("duplicate-command", "this command was carried out already");
  private static final String FIND = "select request_hash, outcome::text from command_outcomes where command_id = $1";
  private static final String RECORD = """
    insert into command_outcomes (command_id, stream_id, request_hash, outcome) values ($1, $2, $3, $4::text::jsonb)
    on conflict (command_id) do nothing""";

  /**
   * @param requestHash digest of the request that first carried the command id
   * @param events      the events it appended
   * @param version     the stream's version after them
   */
  record Stored<E>(String requestHash, List<E> events, int version) {
  }

  private final SqlClient pool;
  private final EventTypes<E> types;

  CommandOutcomes(SqlClient pool, EventTypes<E> types) {
    this.pool = pool;
    this.types = types;
  }

  Future<Optional<Stored<E>>> find(UUID commandId) {
    return pool.preparedQuery(FIND).execute(Tuple.of(commandId)).map(rows -> {
      if (rows.size() == 0) {
        return Optional.empty();
      }
      Row row = rows.iterator().next();
      return Optional.of(decode(row.getString(0), row.getString(1)));
    });
  }

  SqlWrite record(UUID commandId, String streamId, String requestHash, int version, List<NewEvent> events) {
    ObjectNode outcome = Json.mapper().createObjectNode().put("version", version);
    ArrayNode stored = outcome.putArray("events");
    try {
      for (NewEvent event : events) {
        stored.addObject().put("type", event.type()).set("payload", Json.mapper().readTree(event.payload()));
      }
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
    return SqlWrite.guarded(RECORD, Tuple.of(commandId, streamId, requestHash, outcome.toString()), DUPLICATE);
  }

  private Stored<E> decode(String requestHash, String json) {
    try {
      JsonNode outcome = Json.mapper().readTree(json);
      List<E> events = new ArrayList<>();
      for (JsonNode event : outcome.get("events")) {
        events.add(types.decode(event.get("type").asText(), event.get("payload").toString()));
      }
      return new Stored<>(requestHash, events, outcome.get("version").asInt());
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
