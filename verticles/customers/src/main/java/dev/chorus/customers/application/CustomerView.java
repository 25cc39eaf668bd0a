package dev.chorus.customers.application;

import dev.chorus.contracts.customers.CustomerRegistered;

import java.time.Instant;
import java.util.UUID;

/**
 * A customer as the directory shows them.
 *
 * @param id           their id
 * @param email        their e-mail address
 * @param name         their name
 * @param invitedBy    who invited them, or {@code null}
 * @param registeredAt when they registered
 */
public record CustomerView(UUID id, String email, String name, UUID invitedBy, Instant registeredAt) {

  static CustomerView of(CustomerRegistered registered) {
    return new CustomerView(registered.customerId(), registered.email(), registered.name(), registered.invitedBy(), registered.registeredAt());
  }
}
