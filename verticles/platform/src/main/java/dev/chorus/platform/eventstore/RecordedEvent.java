package dev.chorus.platform.eventstore;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * An event as the log holds it: payload and metadata still as JSON text, decoded by whoever needs them.
 *
 * @param position   its position in the log (unique, increasing in append order, with gaps)
 * @param streamId   the stream (aggregate) it belongs to
 * @param version    its version in the stream: 1, 2, 3, ... without gaps
 * @param eventId    its unique id
 * @param type       its stable, versioned type name, e.g. {@code customers.CustomerRegistered.v1}
 * @param payload    the event's JSON
 * @param metadata   correlation id, causation id, command id (JSON)
 * @param partition  the log partition of its stream
 * @param txId       the transaction that appended it
 * @param recordedAt when it was appended
 */
public record RecordedEvent(long position, String streamId, int version, UUID eventId, String type, String payload,
                            String metadata, int partition, long txId, OffsetDateTime recordedAt) {

  public Checkpoint checkpoint() {
    return new Checkpoint(txId, position);
  }
}
