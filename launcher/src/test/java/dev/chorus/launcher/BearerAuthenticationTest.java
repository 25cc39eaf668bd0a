package dev.chorus.launcher;

import dev.chorus.platform.access.Caller;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BearerAuthenticationTest {

  private static final String CUSTOMER = "5f0c6a4e-1b2c-4d3e-8f90-a1b2c3d4e5f6";

  @Test
  @DisplayName("a token names a customer by its id, or an operator by any name, and expires")
  void callers() {
    assertThat(BearerAuthentication.caller(claims(CUSTOMER.toUpperCase(), "customer")))
      .isEqualTo(new Caller(CUSTOMER, Caller.Role.CUSTOMER));
    assertThat(BearerAuthentication.caller(claims("night-shift", "operator"))).isEqualTo(new Caller("night-shift", Caller.Role.OPERATOR));
  }

  @Test
  @DisplayName("a token without expiry, subject or known role, or a customer's not naming a customer id, names no caller")
  void refused() {
    assertThatThrownBy(() -> BearerAuthentication.caller(claims(CUSTOMER, "customer").put("exp", (Object) null)))
      .hasMessage("it has no expiry (exp)");
    assertThatThrownBy(() -> BearerAuthentication.caller(claims(" ", "operator"))).hasMessage("it names no subject (sub)");
    assertThatThrownBy(() -> BearerAuthentication.caller(claims("root", "admin"))).hasMessage("its role must be customer or operator, not 'admin'");
    assertThatThrownBy(() -> BearerAuthentication.caller(claims("alice", "customer")))
      .hasMessage("a customer's subject must be its customer id (a UUID), not 'alice'");
  }

  private static JsonObject claims(String subject, String role) {
    return new JsonObject().put("sub", subject).put("role", role).put("exp", 4_102_444_800L);
  }
}
