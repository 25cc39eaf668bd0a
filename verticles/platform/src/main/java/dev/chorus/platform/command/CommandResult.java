package dev.chorus.platform.command;

import dev.chorus.platform.decider.Rejection;

import java.util.List;

/** What a command came to. */
public sealed interface CommandResult<E> {

  /**
   * @param events   the events it appended (for a replayed command: those of its first run)
   * @param version  the stream's version after them
   * @param replayed true when this is a retry of a command already done: nothing new was appended
   */
  record Accepted<E>(List<E> events, int version, boolean replayed) implements CommandResult<E> {

    /** The last event of {@code type} the command appended; a command that appended none is a programming error. */
    public <T extends E> T last(Class<T> type) {
      for (int i = events.size() - 1; i >= 0; i--) {
        if (type.isInstance(events.get(i))) {
          return type.cast(events.get(i));
        }
      }
      throw new IllegalStateException("the command appended no " + type.getSimpleName() + ": " + events);
    }
  }

  record Rejected<E>(Rejection rejection) implements CommandResult<E> {
  }
}
