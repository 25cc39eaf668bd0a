package dev.chorus.platform.eventstore;

import java.util.List;

/**
 * Events to append to one stream, on the condition that the stream is at {@code expectedVersion}
 * (0 for a stream that does not exist yet).
 *
 * @param streamId        the stream
 * @param expectedVersion the version the stream must be at
 * @param events          the events, which become versions {@code expectedVersion + 1, + 2, ...}
 */
public record StreamAppend(String streamId, int expectedVersion, List<NewEvent> events) {

  public StreamAppend {
    if (events.isEmpty()) {
      throw new IllegalArgumentException("an append needs at least one event");
    }
    if (expectedVersion < 0) {
      throw new IllegalArgumentException("expected version must be 0 or more");
    }
    events = List.copyOf(events);
  }

  public int newVersion() {
    return expectedVersion + events.size();
  }
}
