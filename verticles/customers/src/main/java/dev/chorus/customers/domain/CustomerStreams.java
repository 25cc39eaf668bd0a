package dev.chorus.customers.domain;

import java.util.UUID;

/** Every customer is one stream of the customers log. */
public final class CustomerStreams {

  private CustomerStreams() {
  }

  public static String of(UUID customerId) {
    return "customer-" + customerId;
  }
}
