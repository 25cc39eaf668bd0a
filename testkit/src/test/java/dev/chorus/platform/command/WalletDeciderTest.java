package dev.chorus.platform.command;

import dev.chorus.testkit.DeciderSpec;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WalletDeciderTest {

  @Test
  @DisplayName("a withdrawal within the balance is recorded")
  void withdrawWithinBalance() {
    var then = DeciderSpec.of(Wallet.DECIDER)
      .given(new Wallet.Deposited(100, "x"))
      .when(new Wallet.Withdraw(60))
      .then(new Wallet.Withdrawn(60));
    assertThat(then.state()).isEqualTo(new Wallet.Balance(40));
  }

  @Test
  @DisplayName("a withdrawal beyond the balance is refused")
  void withdrawBeyondBalance() {
    DeciderSpec.of(Wallet.DECIDER)
      .given(new Wallet.Deposited(100, "x"), new Wallet.Withdrawn(60))
      .when(new Wallet.Withdraw(41))
      .thenRejected("insufficient-funds");
  }
}
