package dev.chorus.contracts.payments;

import java.time.Instant;
import java.util.UUID;

/** Money was paid into a wallet. */
public record Deposited(UUID customerId, long amount, long balance, Instant at) implements PaymentEvent {

  public static final String TYPE = "payments.Deposited.v1";
}
