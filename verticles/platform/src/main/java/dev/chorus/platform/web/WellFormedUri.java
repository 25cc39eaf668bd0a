package dev.chorus.platform.web;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Refuses, before any route, a request whose URI holds a {@code %} not followed by two hex digits: routes decode their
 * path and query parameters while they match, and a malformed escape would fail there, outside any route's error
 * handling (a plain-text answer and a stack trace in the log for every such request).
 */
public final class WellFormedUri {

  private static final Problem MALFORMED = Problem.badRequest("malformed-uri",
    "the request's path or query holds a '%' that is not followed by two hex digits (RFC 3986 percent-encoding)");

  private WellFormedUri() {
  }

  public static Handler<RoutingContext> handler() {
    return rc -> {
      if (wellFormed(rc.request().uri())) {
        rc.next();
      } else {
        MALFORMED.send(rc);
      }
    };
  }

  static boolean wellFormed(String uri) {
    for (int i = uri.indexOf('%'); i >= 0; i = uri.indexOf('%', i + 1)) {
      if (i + 2 >= uri.length() || Character.digit(uri.charAt(i + 1), 16) < 0 || Character.digit(uri.charAt(i + 2), 16) < 0) {
        return false;
      }
    }
    return true;
  }
}
