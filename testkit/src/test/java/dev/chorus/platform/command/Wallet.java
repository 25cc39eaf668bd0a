package dev.chorus.platform.command;

import dev.chorus.platform.decider.Decider;
import dev.chorus.platform.decider.Decision;
import dev.chorus.platform.events.EventTypes;

/** A small aggregate for the kernel's own tests: a balance that may not go below zero. */
final class Wallet {

  sealed interface WalletCommand permits Deposit, Withdraw {
  }

  record Deposit(long amount) implements WalletCommand {
  }

  record Withdraw(long amount) implements WalletCommand {
  }

  sealed interface WalletEvent permits Deposited, Withdrawn {
  }

  record Deposited(long amount, String note) implements WalletEvent {
  }

  record Withdrawn(long amount) implements WalletEvent {
  }

  record Balance(long amount) {
  }

  static final EventTypes<WalletEvent> EVENTS = EventTypes.<WalletEvent>builder()
    .add("wallet.Deposited.v2", Deposited.class)
    .add("wallet.Withdrawn.v1", Withdrawn.class)
    // v1 had no note; it reads as v2 with an empty one.
    .upcast("wallet.Deposited.v1", "wallet.Deposited.v2", json -> json.put("note", ""))
    .build();

  static final Decider<WalletCommand, WalletEvent, Balance> DECIDER = new Decider<>() {
    @Override
    public Balance initialState() {
      return new Balance(0);
    }

    @Override
    public Decision<WalletEvent> decide(WalletCommand command, Balance state) {
      if (command instanceof Deposit deposit) {
        return Decision.accept(new Deposited(deposit.amount(), "deposit"));
      }
      Withdraw withdraw = (Withdraw) command;
      return withdraw.amount() > state.amount()
        ? Decision.reject("insufficient-funds", "balance " + state.amount() + " is less than " + withdraw.amount())
        : Decision.accept(new Withdrawn(withdraw.amount()));
    }

    @Override
    public Balance evolve(Balance state, WalletEvent event) {
      return event instanceof Deposited d ? new Balance(state.amount() + d.amount()) : new Balance(state.amount() - ((Withdrawn) event).amount());
    }
  };

  static AggregateType<WalletCommand, WalletEvent, Balance> type(int snapshotEvery) {
    return new AggregateType<>(DECIDER, EVENTS, new SnapshotPolicy<>(Balance.class, "balance.v1", snapshotEvery));
  }

  private Wallet() {
  }
}
