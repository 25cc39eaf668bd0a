package dev.chorus.platform.web;

import io.vertx.ext.web.RoutingContext;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The wait a client asks for with {@code Prefer: wait=N} (RFC 7240): at most {@value #MAX_SECONDS} s. */
public final class PreferWait {

  public static final int MAX_SECONDS = 30;
  private static final Pattern WAIT = Pattern.compile("(?:^|[,;\\s])wait=(\\d+)");

  private PreferWait() {
  }

  /** The seconds asked for, 0 when the request asks for no wait. */
  public static int seconds(RoutingContext rc) {
    String prefer = rc.request().getHeader("Prefer");
    if (prefer == null) {
      return 0;
    }
    Matcher matcher = WAIT.matcher(prefer);
    if (!matcher.find()) {
      return 0;
    }
    String seconds = matcher.group(1);
    return seconds.length() > 2 ? MAX_SECONDS : Math.min(MAX_SECONDS, Integer.parseInt(seconds));
  }
}
