package dev.chorus.contracts.customers;

/** What the customers context publishes about customers. */
public sealed interface CustomerEvent permits CustomerRegistered {

  /** The customer the event is about. */
  java.util.UUID customerId();
}
