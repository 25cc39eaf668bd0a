package dev.chorus.contracts.orders;

import java.util.Map;
import java.util.UUID;

/** An order's life: placed, then confirmed, rejected or cancelled. */
public sealed interface OrderEvent permits OrderPlaced, PaymentRequested, OrderConfirmed, OrderRejected, OrderCancelled {

  /** Every order event by its stored name. */
  Map<String, Class<? extends OrderEvent>> TYPES = Map.of(
    OrderPlaced.TYPE, OrderPlaced.class,
    PaymentRequested.TYPE, PaymentRequested.class,
    OrderConfirmed.TYPE, OrderConfirmed.class,
    OrderRejected.TYPE, OrderRejected.class,
    OrderCancelled.TYPE, OrderCancelled.class);

  UUID orderId();
}
