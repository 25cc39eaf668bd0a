package dev.chorus.payments.domain;

import dev.chorus.contracts.payments.Deposited;
import dev.chorus.contracts.payments.PaymentCaptured;
import dev.chorus.contracts.payments.PaymentDeclined;
import dev.chorus.contracts.payments.PaymentEvent;
import dev.chorus.contracts.payments.PaymentRefunded;
import dev.chorus.platform.decider.Decider;
import dev.chorus.platform.decider.Decision;

/** A wallet never goes negative; an order is captured once, and refunded at most once. */
public final class WalletDecider implements Decider<WalletCommand, PaymentEvent, Wallet> {

  public static final String BALANCE_LIMIT = "balance-limit";
  /** One deposit, in minor units. */
  public static final long MAX_DEPOSIT = 1_000_000_000L;
  /** The most a wallet may hold: a deposit beyond it is refused, so balances never overflow. */
  public static final long MAX_BALANCE = 1_000_000_000_000_000L;

  @Override
  public Wallet initialState() {
    return Wallet.EMPTY;
  }

  @Override
  public Decision<PaymentEvent> decide(WalletCommand command, Wallet wallet) {
    if (command instanceof WalletCommand.Deposit deposit) {
      if (deposit.amount() > MAX_BALANCE - wallet.balance()) {
        return Decision.reject(BALANCE_LIMIT, "a wallet holds at most " + MAX_BALANCE + "; this one holds " + wallet.balance());
      }
      return Decision.accept(new Deposited(deposit.customerId(), deposit.amount(), wallet.balance() + deposit.amount(), deposit.at()));
    }
    if (command instanceof WalletCommand.Capture capture) {
      if (wallet.captured().containsKey(capture.orderId()) || wallet.settled().contains(capture.orderId())) {
        return Decision.accept();
      }
      return capture.amount() > wallet.balance()
        ? Decision.accept(new PaymentDeclined(capture.customerId(), capture.orderId(), capture.amount(), wallet.balance(),
            "insufficient funds: balance " + wallet.balance() + ", total " + capture.amount(), capture.at()))
        : Decision.accept(new PaymentCaptured(capture.customerId(), capture.orderId(), capture.amount(),
            wallet.balance() - capture.amount(), capture.at()));
    }
    if (command instanceof WalletCommand.Refund refund) {
      Long paid = wallet.captured().get(refund.orderId());
      return paid == null || wallet.settled().contains(refund.orderId())
        ? Decision.accept()
        : Decision.accept(new PaymentRefunded(refund.customerId(), refund.orderId(), paid, wallet.balance() + paid, refund.at()));
    }
    throw new IllegalArgumentException("a wallet command this decider does not know: " + command);
  }

  @Override
  public Wallet evolve(Wallet wallet, PaymentEvent event) {
    if (event instanceof Deposited deposited) {
      return wallet.deposited(deposited.amount());
    }
    if (event instanceof PaymentCaptured captured) {
      return wallet.captured(captured.orderId(), captured.amount());
    }
    if (event instanceof PaymentDeclined declined) {
      return wallet.settled(declined.orderId(), 0);
    }
    if (event instanceof PaymentRefunded refunded) {
      return wallet.settled(refunded.orderId(), refunded.amount());
    }
    throw new IllegalArgumentException("a payment event this decider does not know: " + event);
  }
}
