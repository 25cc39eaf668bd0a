package dev.chorus.platform.command;

import java.util.List;

/**
 * The writes that go with a command's events in the same transaction, after the append: read models that
 * must never lag behind the log (read-your-writes), and reservations that enforce set-based rules.
 */
@FunctionalInterface
public interface CommandEffects<E, S> {

  List<SqlWrite> writes(String streamId, List<E> events, S stateAfter);

  static <E, S> CommandEffects<E, S> none() {
    return (streamId, events, state) -> List.of();
  }
}
