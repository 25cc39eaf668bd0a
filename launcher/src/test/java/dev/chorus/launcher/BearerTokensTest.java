package dev.chorus.launcher;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MACSigner;
import dev.chorus.platform.access.Caller;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BearerTokensTest {

  private static final String KEY = "a-cluster-key-that-is-long-enough-0123456789";
  private static final String CUSTOMER = "5f0c6a4e-1b2c-4d3e-8f90-a1b2c3d4e5f6";
  private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
  private static final long NOW_SECONDS = NOW.getEpochSecond();

  private final BearerTokens tokens = new BearerTokens(KEY, Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  @DisplayName("a token names a customer by its id, or an operator by any name, until it expires")
  void callers() {
    assertThat(tokens.verify(tokens.issue(new Caller(CUSTOMER, Caller.Role.CUSTOMER), Duration.ofHours(1))))
      .isEqualTo(new BearerTokens.Verified(new Caller(CUSTOMER, Caller.Role.CUSTOMER), NOW.plus(Duration.ofHours(1))));
    assertThat(tokens.verify(signed(claims(CUSTOMER.toUpperCase(), "customer"))).caller()).isEqualTo(new Caller(CUSTOMER, Caller.Role.CUSTOMER));
    assertThat(tokens.verify(signed(claims("night-shift", "operator"))).caller()).isEqualTo(new Caller("night-shift", Caller.Role.OPERATOR));
    assertThat(tokens.verify(signed(claims("ops", "operator").put("nbf", NOW_SECONDS + 30).put("iat", NOW_SECONDS + 30))).caller())
      .as("a token from a clock up to 30 s ahead").isEqualTo(new Caller("ops", Caller.Role.OPERATOR));
    assertThat(tokens.verify(signed(claims("ops", "operator").put("exp", NOW_SECONDS + 60.5))).expiry())
      .as("a time with a fraction of a second (a NumericDate may have one)").isEqualTo(NOW.plusSeconds(60));
  }

  @Test
  @DisplayName("an expired token, and one valid only later, are refused as such")
  void times() {
    assertRefused(claims("ops", "operator").put("exp", NOW_SECONDS), "the bearer token has expired");
    assertRefused(claims("ops", "operator").put("nbf", NOW_SECONDS + 31), "the bearer token is not valid yet: its not-before time (nbf) is 31 s from now");
    assertRefused(claims("ops", "operator").put("iat", NOW_SECONDS + 3600), "the bearer token is not valid: its issue time (iat) is 3600 s in the future");
  }

  @Test
  @DisplayName("a well-signed token whose claims are malformed is refused, naming the claim")
  void malformedClaims() {
    assertRefused(claims("ops", "operator").put("exp", (Object) null), "the bearer token is not valid: it has no expiry (exp)");
    for (Object wrong : new Object[] {"4102444800", new JsonArray().add(4_102_444_800L), true, new JsonObject(), Long.MAX_VALUE, 1e16,
      253_402_300_800L}) {
      assertRefused(claims("ops", "operator").put("exp", wrong), "the bearer token is not valid: its expiry (exp) is not a number of seconds since 1970 before the year 10000");
      assertRefused(claims("ops", "operator").put("iat", wrong), "the bearer token is not valid: its issue time (iat) is not a number of seconds since 1970 before the year 10000");
      assertRefused(claims("ops", "operator").put("nbf", wrong), "the bearer token is not valid: its not-before time (nbf) is not a number of seconds since 1970 before the year 10000");
    }
    assertRefused(claims(" ", "operator"), "the bearer token is not valid: it names no subject (sub)");
    assertRefused(claims("ops", "operator").put("sub", 7), "the bearer token is not valid: it names no subject (sub)");
    assertRefused(claims("root", "admin"), "the bearer token is not valid: its role (role) must be customer or operator, not 'admin'");
    assertRefused(claims("root", "operator").put("role", new JsonArray().add("operator")),
      "the bearer token is not valid: its role (role) must be customer or operator");
    assertRefused(claims("alice", "customer"), "the bearer token is not valid: a customer's subject (sub) must be its customer id (a UUID), not 'alice'");
  }

  @Test
  @DisplayName("a token signed with another key or algorithm, unsigned, or not a JWT is refused")
  void forged() throws JOSEException {
    String other = new BearerTokens(KEY + "-other", Clock.fixed(NOW, ZoneOffset.UTC)).issue(new Caller("ops", Caller.Role.OPERATOR), Duration.ofHours(1));
    assertThatThrownBy(() -> tokens.verify(other)).hasMessage("the bearer token is not valid: it is not signed with this cluster's key");
    JWSObject hs512 = new JWSObject(new JWSHeader(JWSAlgorithm.HS512), new Payload(claims("ops", "operator").encode()));
    hs512.sign(new MACSigner(KEY + KEY));
    assertThatThrownBy(() -> tokens.verify(hs512.serialize())).hasMessage("the bearer token is not valid: it is not signed with this cluster's key");
    String[] parts = signed(claims("ops", "operator")).split("\\.");
    String unsigned = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes()) + "." + parts[1] + ".";
    assertThatThrownBy(() -> tokens.verify(unsigned)).hasMessage("the bearer token is not valid: it is not a signed JWT");
    assertThatThrownBy(() -> tokens.verify("not-a-token")).hasMessage("the bearer token is not valid: it is not a signed JWT");
  }

  private void assertRefused(JsonObject claims, String reason) {
    assertThatThrownBy(() -> tokens.verify(signed(claims))).as(claims.encode()).isInstanceOf(BearerTokens.Refused.class).hasMessage(reason);
  }

  private static JsonObject claims(String subject, String role) {
    return new JsonObject().put("sub", subject).put("role", role).put("exp", NOW_SECONDS + 3600);
  }

  private static String signed(JsonObject claims) {
    return SignedTokens.hs256(KEY, claims);
  }
}
