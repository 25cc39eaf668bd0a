package dev.chorus.platform.command;

import dev.chorus.platform.decider.Rejection;
import dev.chorus.platform.eventstore.StreamAppend;

import java.util.List;

/**
 * A command decided but not yet written: for callers that write it in a transaction of their own (a
 * subscription applies an event's effects, its inbox record and its checkpoint in one transaction).
 *
 * @param append    the events to append, with the version they were decided on; {@code null} when none
 * @param writes    the follow-up writes of the command's effects
 * @param events    the decided events
 * @param rejection why the command was refused, or {@code null}
 * @param committed to call once the transaction holding the append has committed
 * @param conflicted to call when the append met a newer version of the stream
 */
public record Prepared<E>(StreamAppend append, List<SqlWrite> writes, List<E> events, Rejection rejection,
                          Runnable committed, Runnable conflicted) {

  public boolean refused() {
    return rejection != null;
  }
}
