package dev.chorus.payments.domain;

import dev.chorus.contracts.payments.Deposited;
import dev.chorus.contracts.payments.PaymentCaptured;
import dev.chorus.contracts.payments.PaymentDeclined;
import dev.chorus.contracts.payments.PaymentEvent;
import dev.chorus.contracts.payments.PaymentRefunded;
import dev.chorus.testkit.DeciderSpec;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class WalletDeciderTest {

  private static final Instant NOW = Instant.parse("2026-11-22T09:00:00Z");
  private static final UUID CUSTOMER = UUID.fromString("5c1d2e3f-4a5b-4c6d-8e7f-901a2b3c4d01");
  private static final UUID ORDER = UUID.fromString("0b6f3a4e-8a51-4b3c-9d2e-5f6a7b8c9d01");
  private static final Deposited DEPOSITED = new Deposited(CUSTOMER, 10_000, 10_000, NOW);
  private static final PaymentCaptured CAPTURED = new PaymentCaptured(CUSTOMER, ORDER, 2_500, 7_500, NOW);

  private final DeciderSpec<WalletCommand, PaymentEvent, Wallet> spec = DeciderSpec.of(new WalletDecider());

  @Test
  @DisplayName("deposits add up")
  void deposits() {
    var then = spec.given(DEPOSITED).when(new WalletCommand.Deposit(CUSTOMER, 500, NOW)).then(new Deposited(CUSTOMER, 500, 10_500, NOW));
    assertThat(then.state().balance()).isEqualTo(10_500);
  }

  @Test
  @DisplayName("a deposit that would take the balance past its limit is refused; up to the limit is taken")
  void balanceLimit() {
    Deposited nearlyFull = new Deposited(CUSTOMER, WalletDecider.MAX_BALANCE - 10, WalletDecider.MAX_BALANCE - 10, NOW);
    spec.given(nearlyFull).when(new WalletCommand.Deposit(CUSTOMER, 11, NOW)).thenRejected(WalletDecider.BALANCE_LIMIT);
    DeciderSpec.of(new WalletDecider()).given(nearlyFull).when(new WalletCommand.Deposit(CUSTOMER, 10, NOW)).then(new Deposited(CUSTOMER, 10, WalletDecider.MAX_BALANCE, NOW));
  }

  @Test
  @DisplayName("a capture within the balance pays the order")
  void captures() {
    var then = spec.given(DEPOSITED).when(new WalletCommand.Capture(CUSTOMER, ORDER, 2_500, NOW)).then(CAPTURED);
    assertThat(then.state().balance()).isEqualTo(7_500);
  }

  @Test
  @DisplayName("a capture above the balance is declined, with the balance unchanged")
  void declines() {
    var then = spec.given(DEPOSITED).when(new WalletCommand.Capture(CUSTOMER, ORDER, 10_001, NOW))
      .then(new PaymentDeclined(CUSTOMER, ORDER, 10_001, 10_000, "insufficient funds: balance 10000, total 10001", NOW));
    assertThat(then.state().balance()).isEqualTo(10_000);
  }

  @Test
  @DisplayName("an order is captured at most once, and never after it was declined")
  void capturesOnce() {
    spec.given(DEPOSITED, CAPTURED).when(new WalletCommand.Capture(CUSTOMER, ORDER, 2_500, NOW)).thenNothing();
    DeciderSpec.of(new WalletDecider())
      .given(DEPOSITED, new PaymentDeclined(CUSTOMER, ORDER, 20_000, 10_000, "insufficient funds", NOW))
      .when(new WalletCommand.Capture(CUSTOMER, ORDER, 20_000, NOW)).thenNothing();
  }

  @Test
  @DisplayName("a refund returns exactly the captured amount, once")
  void refundsOnce() {
    var then = spec.given(DEPOSITED, CAPTURED).when(new WalletCommand.Refund(CUSTOMER, ORDER, NOW))
      .then(new PaymentRefunded(CUSTOMER, ORDER, 2_500, 10_000, NOW));
    assertThat(then.state().balance()).isEqualTo(10_000);
    DeciderSpec.of(new WalletDecider()).given(DEPOSITED, CAPTURED, new PaymentRefunded(CUSTOMER, ORDER, 2_500, 10_000, NOW))
      .when(new WalletCommand.Refund(CUSTOMER, ORDER, NOW)).thenNothing();
  }

  @Test
  @DisplayName("an order that was never paid has nothing to refund")
  void noRefundWithoutCapture() {
    spec.given(DEPOSITED).when(new WalletCommand.Refund(CUSTOMER, ORDER, NOW)).thenNothing();
  }
}
