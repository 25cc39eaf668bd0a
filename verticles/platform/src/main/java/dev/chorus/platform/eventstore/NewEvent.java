package dev.chorus.platform.eventstore;

import java.util.Objects;
import java.util.UUID;

/**
 * An event about to be appended.
 *
 * @param eventId  its unique id
 * @param type     its stable, versioned type name
 * @param payload  its JSON
 * @param metadata its metadata JSON
 */
public record NewEvent(UUID eventId, String type, String payload, String metadata) {

  public NewEvent {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(metadata, "metadata");
  }
}
