package dev.chorus.customers.domain;

import java.time.Instant;
import java.util.UUID;

/** What can be asked of a customer. */
public sealed interface CustomerCommand {

  /**
   * Register a new customer.
   *
   * @param customerId   the id chosen for them
   * @param email        their address (its uniqueness is checked by a reservation, not here)
   * @param name         their name
   * @param invitedBy    the inviting customer (known to exist), or {@code null}
   * @param registeredAt when
   */
  record RegisterCustomer(UUID customerId, EmailAddress email, CustomerName name, UUID invitedBy, Instant registeredAt)
    implements CustomerCommand {
  }
}
