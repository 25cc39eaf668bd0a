package dev.chorus.customers.domain;

import dev.chorus.contracts.customers.CustomerRegistered;
import dev.chorus.customers.domain.CustomerCommand.RegisterCustomer;
import dev.chorus.testkit.DeciderSpec;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class CustomerDeciderTest {

  private static final UUID ID = UUID.fromString("7a1c0c64-1b1f-4f7e-9a51-0d7d3c0f5e01");
  private static final UUID INVITER = UUID.fromString("1d2e3f40-5a6b-4c7d-8e9f-a0b1c2d3e4f5");
  private static final Instant NOW = Instant.parse("2026-11-22T09:00:00Z");

  private final DeciderSpec<CustomerCommand, dev.chorus.contracts.customers.CustomerEvent, Customer> spec = DeciderSpec.of(new CustomerDecider());

  @Test
  @DisplayName("registering records who registered, when, and who invited them")
  void registers() {
    var then = spec
      .when(new RegisterCustomer(ID, new EmailAddress("Ann@Example.com"), new CustomerName("Ann"), INVITER, NOW))
      .then(new CustomerRegistered(ID, "Ann@Example.com", "Ann", INVITER, NOW));
    assertThat(then.state()).isEqualTo(new Customer(ID, "Ann@Example.com"));
  }

  @Test
  @DisplayName("a customer registers only once")
  void registersOnce() {
    spec.given(new CustomerRegistered(ID, "ann@example.com", "Ann", null, NOW))
      .when(new RegisterCustomer(ID, new EmailAddress("ann@example.com"), new CustomerName("Ann"), null, NOW))
      .thenRejected("already-registered");
  }

  @Test
  @DisplayName("nobody invites themselves")
  void noSelfInvitation() {
    spec.when(new RegisterCustomer(ID, new EmailAddress("ann@example.com"), new CustomerName("Ann"), ID, NOW))
      .thenRejected("unknown-inviter");
  }
}
