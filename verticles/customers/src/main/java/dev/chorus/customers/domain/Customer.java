package dev.chorus.customers.domain;

import java.util.UUID;

/**
 * A customer's state, as far as decisions need it.
 *
 * @param id    their id, or {@code null} before registration
 * @param email their address, or {@code null} before registration
 */
public record Customer(UUID id, String email) {

  public static final Customer UNREGISTERED = new Customer(null, null);

  public boolean registered() {
    return id != null;
  }
}
