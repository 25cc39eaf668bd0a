package dev.chorus.launcher;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.chorus.platform.access.Caller;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The bearer tokens of a cluster: JWTs signed with HMAC-SHA256 under the cluster's key ({@link TokenKey}). A token
 * names a caller when its signature holds, it has not expired ({@code exp}, required; a time claim is a number of seconds
 * since 1970, fractions dropped, before the year 10000), it is valid already
 * ({@code nbf}, {@code iat}: not in the future, give or take {@link #CLOCK_SKEW}), and it names a subject and a
 * role. Every other token is refused with the reason, naming the claim at fault.
 */
final class BearerTokens {

  /** How far ahead of this node's clock the clock that issued a token may be. */
  static final Duration CLOCK_SKEW = Duration.ofSeconds(30);
  /** 9999-12-31T23:59:59Z: no token's times lie past it (and every time up to it is an instant the node can count to). */
  private static final long LATEST_TIME = 253_402_300_799L;

  private final MACSigner signer;
  private final MACVerifier verifier;
  private final Clock clock;

  BearerTokens(String key, Clock clock) {
    try {
      this.signer = new MACSigner(key);
      this.verifier = new MACVerifier(key);
    } catch (JOSEException e) {
      throw new UsageException("--jwt-key: the key cannot sign tokens (" + e.getMessage() + ")");
    }
    this.clock = clock;
  }

  /** A token for {@code caller}, issued now and valid for {@code validity}. */
  String issue(Caller caller, Duration validity) {
    Instant now = clock.instant();
    JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(caller.subject()).claim("role", caller.role().name().toLowerCase(Locale.ROOT))
      .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(validity))).build();
    SignedJWT token = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
    try {
      token.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("an HMAC key of the length checked signs", e);
    }
    return token.serialize();
  }

  /**
   * The caller a token names, and when it expires.
   *
   * @throws Refused with the reason, to be answered with 401
   */
  Verified verify(String token) {
    Map<String, Object> claims = signedClaims(token);
    long now = clock.instant().getEpochSecond();
    long expiry = seconds(claims, "exp", "its expiry").orElseThrow(() -> new Refused("the bearer token is not valid: it has no expiry (exp)"));
    if (expiry <= now) {
      throw new Refused("the bearer token has expired");
    }
    seconds(claims, "nbf", "its not-before time").filter(notBefore -> notBefore > now + CLOCK_SKEW.toSeconds()).ifPresent(notBefore -> {
      throw new Refused("the bearer token is not valid yet: its not-before time (nbf) is " + (notBefore - now) + " s from now");
    });
    seconds(claims, "iat", "its issue time").filter(issued -> issued > now + CLOCK_SKEW.toSeconds()).ifPresent(issued -> {
      throw new Refused("the bearer token is not valid: its issue time (iat) is " + (issued - now) + " s in the future");
    });
    return new Verified(caller(claims), Instant.ofEpochSecond(expiry));
  }

  private Map<String, Object> signedClaims(String token) {
    SignedJWT parsed;
    try {
      parsed = SignedJWT.parse(token);
    } catch (ParseException e) {
      throw new Refused("the bearer token is not valid: it is not a signed JWT");
    }
    try {
      if (!JWSAlgorithm.HS256.equals(parsed.getHeader().getAlgorithm()) || !parsed.verify(verifier)) {
        throw new Refused("the bearer token is not valid: it is not signed with this cluster's key");
      }
    } catch (JOSEException e) {
      throw new Refused("the bearer token is not valid: it is not signed with this cluster's key");
    }
    return parsed.getPayload().toJSONObject();
  }

  /**
   * A time claim, in whole seconds since the epoch (a NumericDate: any JSON number, its fraction dropped); empty when
   * the token has none.
   */
  private static Optional<Long> seconds(Map<String, Object> claims, String name, String meaning) {
    Object value = claims.get(name);
    if (value == null) {
      return Optional.empty();
    }
    if (!(value instanceof Number number) || !(Math.abs(number.doubleValue()) <= LATEST_TIME)) {
      throw new Refused("the bearer token is not valid: " + meaning + " (" + name + ") is not a number of seconds since 1970 before the year 10000");
    }
    return Optional.of((long) Math.floor(number.doubleValue()));
  }

  /** The caller that valid claims name. */
  static Caller caller(Map<String, Object> claims) {
    if (!(claims.get("sub") instanceof String subject) || subject.isBlank()) {
      throw new Refused("the bearer token is not valid: it names no subject (sub)");
    }
    if (!(claims.get("role") instanceof String role)) {
      throw new Refused("the bearer token is not valid: its role (role) must be customer or operator");
    }
    return switch (role) {
      case "operator" -> new Caller(subject, Caller.Role.OPERATOR);
      case "customer" -> {
        try {
          yield new Caller(subject, Caller.Role.CUSTOMER);
        } catch (IllegalArgumentException e) {
          throw new Refused("the bearer token is not valid: a customer's subject (sub) must be its customer id (a UUID), not '" + subject + "'");
        }
      }
      default -> throw new Refused("the bearer token is not valid: its role (role) must be customer or operator, not '" + role + "'");
    };
  }

  /** A valid token's caller, and the time from which the token is refused as expired. */
  record Verified(Caller caller, Instant expiry) {
  }

  /** A token that names no caller, and why. */
  static final class Refused extends RuntimeException {
    Refused(String reason) {
      super(reason, null, false, false);
    }
  }
}
