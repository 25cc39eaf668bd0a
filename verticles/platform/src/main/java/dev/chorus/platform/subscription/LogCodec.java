package dev.chorus.platform.subscription;

import dev.chorus.platform.eventstore.Checkpoint;
import dev.chorus.platform.eventstore.EventLog;
import dev.chorus.platform.eventstore.RecordedEvent;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** How log batches travel over the event bus between a producer context and its consumers. */
final class LogCodec {

  private LogCodec() {
  }

  /** A read of several partitions: {@code {"partitions": [{"partition", "tx", "position", "limit"}, ...]}}. */
  static JsonObject readRequest(Map<Integer, EventLog.PartitionQuery> partitions) {
    JsonArray asked = new JsonArray();
    partitions.forEach((partition, query) -> asked.add(checkpoint(query.after()).put("partition", partition).put("limit", query.limit())));
    return new JsonObject().put("partitions", asked);
  }

  static Map<Integer, EventLog.PartitionQuery> readRequest(JsonObject json, int maxLimit) {
    Map<Integer, EventLog.PartitionQuery> partitions = new LinkedHashMap<>();
    for (Object entry : json.getJsonArray("partitions")) {
      JsonObject asked = (JsonObject) entry;
      partitions.put(asked.getInteger("partition"), new EventLog.PartitionQuery(checkpoint(asked), Math.min(maxLimit, asked.getInteger("limit"))));
    }
    return partitions;
  }

  /** Checkpoints of several partitions: {@code {"partitions": [{"partition", "tx", "position"}, ...]}}. */
  static JsonObject checkpoints(Map<Integer, Checkpoint> checkpoints) {
    JsonArray partitions = new JsonArray();
    checkpoints.forEach((partition, checkpoint) -> partitions.add(checkpoint(checkpoint).put("partition", partition)));
    return new JsonObject().put("partitions", partitions);
  }

  static Map<Integer, Checkpoint> checkpoints(JsonObject json) {
    Map<Integer, Checkpoint> checkpoints = new LinkedHashMap<>();
    for (Object entry : json.getJsonArray("partitions")) {
      checkpoints.put(((JsonObject) entry).getInteger("partition"), checkpoint((JsonObject) entry));
    }
    return checkpoints;
  }

  static JsonObject checkpoint(Checkpoint checkpoint) {
    return new JsonObject().put("tx", checkpoint.txId()).put("position", checkpoint.position());
  }

  static Checkpoint checkpoint(JsonObject json) {
    return new Checkpoint(json.getLong("tx"), json.getLong("position"));
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
