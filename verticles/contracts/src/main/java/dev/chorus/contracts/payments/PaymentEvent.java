package dev.chorus.contracts.payments;

import java.util.Map;
import java.util.UUID;

/** A wallet's ledger: its balance is the fold of these. */
public sealed interface PaymentEvent permits Deposited, PaymentCaptured, PaymentDeclined, PaymentRefunded {

  /** Every wallet event by its stored name. */
  Map<String, Class<? extends PaymentEvent>> TYPES = Map.of(
    Deposited.TYPE, Deposited.class,
    PaymentCaptured.TYPE, PaymentCaptured.class,
    PaymentDeclined.TYPE, PaymentDeclined.class,
    PaymentRefunded.TYPE, PaymentRefunded.class);

  UUID customerId();

  long amount();
}
