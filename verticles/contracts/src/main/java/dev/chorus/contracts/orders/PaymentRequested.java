package dev.chorus.contracts.orders;

import java.util.UUID;

/** An order's stock is reserved: its total is to be paid from the customer's wallet. */
public record PaymentRequested(UUID orderId, UUID customerId, long amount) implements OrderEvent {

  public static final String TYPE = "orders.PaymentRequested.v1";
}
