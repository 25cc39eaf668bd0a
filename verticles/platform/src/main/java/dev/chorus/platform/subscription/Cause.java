package dev.chorus.platform.subscription;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.chorus.platform.command.Command;
import dev.chorus.platform.command.CommandContext;
import dev.chorus.platform.eventstore.RecordedEvent;
import dev.chorus.platform.events.Json;

import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The event a handler reacts to, as its effects record it: every command a handler issues through
 * {@link #command} belongs to the event's conversation (its correlation id) and names the event as its cause.
 *
 * @param eventId       the event's id, the causation id of whatever it causes
 * @param correlationId the conversation the event belongs to; the event's own id when its metadata names none
 * @param streamId      the producer's stream that holds the event
 * @param recordedAt    when the producer appended it
 */
public record Cause(UUID eventId, UUID correlationId, String streamId, Instant recordedAt, Optional<String> traceParent) {

  private static final String CORRELATION_ID = "correlationId";

  /** The cause that a recorded event is; a metadata that is not JSON or names no readable correlation starts a new one. */
  public static Cause of(RecordedEvent event) {
    return of(event, Optional.empty());
  }

  /** The same, handled in the span {@code traceParent} names: the commands it causes continue that trace. */
  static Cause of(RecordedEvent event, Optional<String> traceParent) {
    return new Cause(event.eventId(), metadataField(event.metadata(), CORRELATION_ID).flatMap(Cause::uuid).orElse(event.eventId()),
      event.streamId(), event.recordedAt().toInstant(), traceParent);
  }

  /** The context of a command caused by this event: its conversation, this event as the cause, no idempotency key. */
  public CommandContext context() {
    return new CommandContext(Optional.empty(), "", correlationId, Optional.of(eventId), traceParent);
  }

  /** A command on one of the handler's own streams, caused by this event. */
  public <C> Command<C> command(String streamId, C payload) {
    return new Command<>(streamId, payload, context());
  }

  /** A text field of an event's metadata; empty when the metadata is not a JSON object or has no such text. */
  static Optional<String> metadataField(String metadata, String key) {
    if (metadata == null || metadata.isEmpty()) {
      return Optional.empty();
    }
    try (JsonParser parser = Json.mapper().getFactory().createParser(metadata)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return Optional.empty();
      }
      for (JsonToken token = parser.nextToken(); token == JsonToken.FIELD_NAME; token = parser.nextToken()) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if (key.equals(field) && value == JsonToken.VALUE_STRING) {
          return Optional.of(parser.getText());
        }
        parser.skipChildren();
      }
      return Optional.empty();
    } catch (IOException unreadable) {
      return Optional.empty();
    }
  }

  private static Optional<UUID> uuid(String text) {
    try {
      return Optional.of(UUID.fromString(text));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
