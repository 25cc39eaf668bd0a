package dev.chorus.platform.eventstore;

import java.util.List;

/**
 * Events read from a log, in order, and the checkpoint to read from next.
 *
 * @param events the events, in {@code (tx_id, position)} order
 * @param next   the checkpoint after the last event (the one read from, when there are none)
 */
public record LogBatch(List<RecordedEvent> events, Checkpoint next) {

  public boolean isEmpty() {
    return events.isEmpty();
  }
}
