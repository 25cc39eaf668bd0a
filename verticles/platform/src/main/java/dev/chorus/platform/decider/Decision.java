package dev.chorus.platform.decider;

import java.util.List;

/** What a decider makes of a command: the events that record it, or why it is refused. */
public sealed interface Decision<E> {

  static <E> Decision<E> accept(List<E> events) {
    return new Accepted<>(List.copyOf(events));
  }

  @SafeVarargs
  static <E> Decision<E> accept(E... events) {
    return new Accepted<>(List.of(events));
  }

  static <E> Decision<E> reject(String code, String message) {
    return new Rejected<>(new Rejection(code, message));
  }

  /** @param events the events to append; none means the command changes nothing (already done) */
  record Accepted<E>(List<E> events) implements Decision<E> {
  }

  record Rejected<E>(Rejection rejection) implements Decision<E> {
  }
}
