package dev.chorus.platform.subscription;

import dev.chorus.platform.eventstore.Checkpoint;
import dev.chorus.platform.eventstore.LogBatch;
import dev.chorus.platform.eventstore.RecordedEvent;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** How log batches travel over the event bus between a producer context and its consumers. */
final class LogCodec {

  private LogCodec() {
  }

  static JsonObject request(int partition, Checkpoint after, int limit) {
    return checkpoint(after).put("partition", partition).put("limit", limit);
  }

  static JsonObject checkpoint(Checkpoint checkpoint) {
    return new JsonObject().put("tx", checkpoint.txId()).put("position", checkpoint.position());
  }

  static Checkpoint checkpoint(JsonObject json) {
    return new Checkpoint(json.getLong("tx"), json.getLong("position"));
  }

  static JsonObject batch(LogBatch batch) {
    JsonArray events = new JsonArray();
    batch.events().forEach(e -> events.add(event(e)));
    return checkpoint(batch.next()).put("events", events);
  }

  /** Whether an empty batch has events behind it that will become readable shortly. */
  static boolean pending(JsonObject json) {
    return json.getBoolean("pending", false);
  }

  static LogBatch batch(JsonObject json) {
    List<RecordedEvent> events = new ArrayList<>();
    for (Object event : json.getJsonArray("events")) {
      events.add(event((JsonObject) event));
    }
    return new LogBatch(events, checkpoint(json));
  }

  static JsonObject event(RecordedEvent event) {
    return new JsonObject()
      .put("position", event.position())
      .put("stream", event.streamId())
      .put("version", event.version())
      .put("id", event.eventId().toString())
      .put("type", event.type())
      .put("payload", event.payload())
      .put("metadata", event.metadata())
      .put("partition", event.partition())
      .put("tx", event.txId())
      .put("at", event.recordedAt().toString());
  }

  static RecordedEvent event(JsonObject json) {
    return new RecordedEvent(json.getLong("position"), json.getString("stream"), json.getInteger("version"),
      UUID.fromString(json.getString("id")), json.getString("type"), json.getString("payload"), json.getString("metadata"),
      json.getInteger("partition"), json.getLong("tx"), OffsetDateTime.parse(json.getString("at")));
  }
}
