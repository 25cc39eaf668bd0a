package dev.chorus.payments.domain;

import java.time.Instant;
import java.util.UUID;

/** What can be asked of a wallet. */
public sealed interface WalletCommand {

  record Deposit(UUID customerId, long amount, Instant at) implements WalletCommand {
  }

  record Capture(UUID customerId, UUID orderId, long amount, Instant at) implements WalletCommand {
  }

  record Refund(UUID customerId, UUID orderId, Instant at) implements WalletCommand {
  }
}
