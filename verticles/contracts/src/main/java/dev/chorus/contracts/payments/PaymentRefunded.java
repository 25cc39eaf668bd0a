package dev.chorus.contracts.payments;

import java.time.Instant;
import java.util.UUID;

/** A captured payment went back to the wallet (the order was rejected or cancelled). */
public record PaymentRefunded(UUID customerId, UUID orderId, long amount, long balance, Instant at) implements PaymentEvent {

  public static final String TYPE = "payments.PaymentRefunded.v1";
}
