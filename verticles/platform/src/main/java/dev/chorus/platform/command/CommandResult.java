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
  }

  record Rejected<E>(Rejection rejection) implements CommandResult<E> {
  }
}
