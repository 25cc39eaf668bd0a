package dev.chorus.contracts.payments;

import java.util.UUID;

/** A wallet's ledger: its balance is the fold of these. */
public sealed interface PaymentEvent permits Deposited, PaymentCaptured, PaymentDeclined, PaymentRefunded {

  UUID customerId();

  long amount();
}
