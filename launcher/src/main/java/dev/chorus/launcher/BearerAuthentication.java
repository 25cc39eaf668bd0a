package dev.chorus.launcher;

import dev.chorus.platform.access.Caller;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.web.RoutingContext;

import java.util.Locale;

/**
 * {@code --auth jwt}: establishes each request's {@link Caller} from its bearer token — signed with the cluster's key,
 * not expired, with a {@code sub} and a {@code role} of {@code customer} (its {@code sub} a customer id) or
 * {@code operator}. A request without a valid token goes on without a caller, the reason kept for a route that needs one.
 */
final class BearerAuthentication implements Handler<RoutingContext> {

  private static final String BEARER = "Bearer ";

  private final JWTAuth tokens;

  BearerAuthentication(JWTAuth tokens) {
    this.tokens = tokens;
  }

  @Override
  public void handle(RoutingContext rc) {
    String header = rc.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (header == null) {
      rc.next();
      return;
    }
    if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      Caller.refuse(rc, "the Authorization header must be 'Bearer <token>'");
      rc.next();
      return;
    }
    tokens.authenticate(new TokenCredentials(header.substring(BEARER.length()).trim()))
      .onSuccess(user -> {
        try {
          Caller.identify(rc, caller(user.attributes().getJsonObject("accessToken", new JsonObject())));
        } catch (IllegalArgumentException e) {
          Caller.refuse(rc, "the bearer token is not valid: " + e.getMessage());
        }
        rc.next();
      })
      .onFailure(failure -> {
        Caller.refuse(rc, String.valueOf(failure.getMessage()).contains("token expired") ? "the bearer token has expired"
          : "the bearer token is not valid: it is malformed, or not signed with this cluster's key");
        rc.next();
      });
  }

  /** The caller a token's claims name; the signature and expiry are checked already. */
  static Caller caller(JsonObject claims) {
    if (!(claims.getValue("exp") instanceof Number)) {
      throw new IllegalArgumentException("it has no expiry (exp)");
    }
    if (!(claims.getValue("sub") instanceof String subject) || subject.isBlank()) {
      throw new IllegalArgumentException("it names no subject (sub)");
    }
    String role = claims.getValue("role") instanceof String r ? r : "";
    return switch (role) {
      case "operator" -> new Caller(subject, Caller.Role.OPERATOR);
      case "customer" -> {
        try {
          yield new Caller(subject, Caller.Role.CUSTOMER);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("a customer's subject must be its customer id (a UUID), not '" + subject + "'");
        }
      }
      default -> throw new IllegalArgumentException("its role must be customer or operator, not '" + role.toLowerCase(Locale.ROOT) + "'");
    };
  }
}
