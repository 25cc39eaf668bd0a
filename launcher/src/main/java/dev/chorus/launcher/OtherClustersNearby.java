package dev.chorus.launcher;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

import java.util.List;

/**
 * Keeps out of the log what Hazelcast says of the other clusters it meets on the same member addresses: nodes of
 * other databases on this machine share the bundled configuration's ports, each cluster under a name of its own, and
 * their join attempts at each other are expected, not faults.
 */
public final class OtherClustersNearby extends TurboFilter {

  private static final List<String> EXPECTED = List.of("different cluster", "ports seem occupied");

  @Override
  public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    if (format != null && level == Level.WARN && logger.getName().startsWith("com.hazelcast")
      && EXPECTED.stream().anyMatch(format::contains)) {
      return FilterReply.DENY;
    }
    return FilterReply.NEUTRAL;
  }
}
