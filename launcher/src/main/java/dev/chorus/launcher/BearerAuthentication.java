package dev.chorus.launcher;

import dev.chorus.platform.access.Caller;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code --auth jwt}: establishes each request's {@link Caller} from its bearer token ({@link BearerTokens}), and when the
 * token expires. A request without a valid token goes on without a caller, the reason kept for a route that needs one.
 */
final class BearerAuthentication implements Handler<RoutingContext> {

  private static final String BEARER = "Bearer ";

  private final BearerTokens tokens;

  BearerAuthentication(BearerTokens tokens) {
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
    try {
      BearerTokens.Verified verified = tokens.verify(header.substring(BEARER.length()).trim());
      Caller.identify(rc, verified.caller(), verified.expiry());
    } catch (BearerTokens.Refused refused) {
      Caller.refuse(rc, refused.getMessage());
    }
    rc.next();
  }
}
