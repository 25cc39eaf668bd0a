package dev.chorus.testkit;

import dev.chorus.platform.decider.Decider;
import dev.chorus.platform.decider.Decision;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Given events, when a command, then events or a rejection — a decider tested as a pure function.
 * <pre>{@code
 * DeciderSpec.of(new WalletDecider())
 *   .given(new Deposited(100))
 *   .when(new Withdraw(150))
 *   .thenRejected("insufficient-funds");
 * }</pre>
 */
public final class DeciderSpec<C, E, S> {

  private final Decider<C, E, S> decider;
  private final List<E> history = new ArrayList<>();

  private DeciderSpec(Decider<C, E, S> decider) {
    this.decider = decider;
  }

  public static <C, E, S> DeciderSpec<C, E, S> of(Decider<C, E, S> decider) {
    return new DeciderSpec<>(decider);
  }

  @SafeVarargs
  public final DeciderSpec<C, E, S> given(E... events) {
    history.addAll(List.of(events));
    return this;
  }

  public Then<E, S> when(C command) {
    S state = decider.fold(decider.initialState(), history);
    return new Then<>(decider.decide(command, state), decider, state);
  }

  /** The outcome of the command, to be checked. */
  public static final class Then<E, S> {
    private final Decision<E> decision;
    private final Decider<?, E, S> decider;
    private final S state;

    private Then(Decision<E> decision, Decider<?, E, S> decider, S state) {
      this.decision = decision;
      this.decider = decider;
      this.state = state;
    }

    @SafeVarargs
    public final Then<E, S> then(E... expected) {
      assertThat(decision).as("the command was refused").isInstanceOf(Decision.Accepted.class);
      assertThat(((Decision.Accepted<E>) decision).events()).containsExactly(expected);
      return this;
    }

    public Then<E, S> thenNothing() {
      assertThat(decision).as("the command was refused").isInstanceOf(Decision.Accepted.class);
      assertThat(((Decision.Accepted<E>) decision).events()).isEmpty();
      return this;
    }

    public Then<E, S> thenRejected(String code) {
      assertThat(decision).as("the command was accepted").isInstanceOf(Decision.Rejected.class);
      assertThat(((Decision.Rejected<E>) decision).rejection().code()).isEqualTo(code);
      return this;
    }

    /** The state after the accepted events. */
    public S state() {
      assertThat(decision).isInstanceOf(Decision.Accepted.class);
      return decider.fold(state, ((Decision.Accepted<E>) decision).events());
    }
  }
}
