package dev.chorus.platform.decider;

/**
 * An aggregate's behaviour as two pure functions: {@link #decide} turns a command and the current state into
 * events (or a rejection), {@link #evolve} folds an event into the state. No I/O, no clock, no randomness:
 * whatever a decision needs comes in the command.
 *
 * @param <C> commands
 * @param <E> events
 * @param <S> state
 */
public interface Decider<C, E, S> {

  /** The state of a stream with no events. */
  S initialState();

  Decision<E> decide(C command, S state);

  S evolve(S state, E event);

  /** The state after the given events. */
  default S fold(S state, Iterable<? extends E> events) {
    S result = state;
    for (E event : events) {
      result = evolve(result, event);
    }
    return result;
  }
}
