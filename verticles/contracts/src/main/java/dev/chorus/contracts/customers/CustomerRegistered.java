package dev.chorus.contracts.customers;

import java.time.Instant;
import java.util.UUID;

/**
 * A customer registered.
 *
 * @param customerId   the new customer's id
 * @param email        the e-mail address as given (unique among customers, compared case-insensitively)
 * @param name         the customer's name
 * @param invitedBy    the customer who invited them, or {@code null}
 * @param registeredAt when
 */
public record CustomerRegistered(UUID customerId, String email, String name, UUID invitedBy, Instant registeredAt)
  implements CustomerEvent {

  /** The stored and published name of this event type. */
  public static final String TYPE = "customers.CustomerRegistered.v1";
}
