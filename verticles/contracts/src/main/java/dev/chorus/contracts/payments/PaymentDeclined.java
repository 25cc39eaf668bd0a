package dev.chorus.contracts.payments;

import java.time.Instant;
import java.util.UUID;

/** An order could not be paid: the wallet held less than its total. */
public record PaymentDeclined(UUID customerId, UUID orderId, long amount, long balance, String reason, Instant at) implements PaymentEvent {

  public static final String TYPE = "payments.PaymentDeclined.v1";
}
