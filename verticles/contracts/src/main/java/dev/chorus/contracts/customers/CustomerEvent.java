package dev.chorus.contracts.customers;

import java.util.Map;

/** What the customers context publishes about customers. */
public sealed interface CustomerEvent permits CustomerRegistered {

  /** Every customer event by its stored name. */
  Map<String, Class<? extends CustomerEvent>> TYPES = Map.of(
    CustomerRegistered.TYPE, CustomerRegistered.class);

  /** The customer the event is about. */
  java.util.UUID customerId();
}
