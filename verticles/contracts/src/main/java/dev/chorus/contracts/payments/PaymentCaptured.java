package dev.chorus.contracts.payments;

import java.time.Instant;
import java.util.UUID;

/** An order was paid from a wallet. */
public record PaymentCaptured(UUID customerId, UUID orderId, long amount, long balance, Instant at) implements PaymentEvent {

  public static final String TYPE = "payments.PaymentCaptured.v1";
}
