package dev.chorus.contracts.orders;

import java.util.UUID;

/** An order's life: placed, then confirmed, rejected or cancelled. */
public sealed interface OrderEvent permits OrderPlaced, PaymentRequested, OrderConfirmed, OrderRejected, OrderCancelled {

  UUID orderId();
}
