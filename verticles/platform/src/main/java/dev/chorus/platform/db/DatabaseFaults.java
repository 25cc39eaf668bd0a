package dev.chorus.platform.db;

import io.netty.channel.unix.Errors;
import io.vertx.core.VertxException;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;

import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * Tells a failure of the database's availability — unreachable, restarting, out of connections, a statement or
 * lock waited too long — from an error in the work itself. The first kind says nothing about the request or the
 * event: it is answered {@code 503} and waited out, never counted against them.
 */
public final class DatabaseFaults {

  /** SQLSTATEs of a server that is going away, not accepting yet, full, or that gave up waiting. */
  private static final Set<String> UNAVAILABLE = Set.of(
    "53300",  // too_many_connections
    "57P01",  // admin_shutdown
    "57P02",  // crash_shutdown
    "57P03",  // cannot_connect_now
    "57014",  // query_canceled (statement_timeout)
    "55P03",  // lock_not_available (lock_timeout)
    "25P03"); // idle_in_transaction_session_timeout

  /** How the SQL client refuses a statement on a connection that closed (its {@code SocketConnectionBase}). */
  private static final String NOT_ACTIVE = "Connection is not active now";

  private DatabaseFaults() {
  }

  /**
   * Whether {@code failure}, or any of its causes, says the database could not do the work now: a connection that failed
   * (refused, reset, or given up on: a link silent for the transport's user timeout), a pool too busy, a server going
   * away or out of patience.
   */
  public static boolean unavailable(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (lostConnection(cause) || cause instanceof TimeoutException
        || cause instanceof ConnectionPoolTooBusyException) {
        return true;
      }
      if (cause instanceof PgException pg && pg.getSqlState() != null
        && (pg.getSqlState().startsWith("08") || UNAVAILABLE.contains(pg.getSqlState()))) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code failure}, or any of its causes, is a connection that failed, could not be made, or was given up on. */
  public static boolean connectionLost(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (lostConnection(cause)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Refused, reset, closed, or silent for the transport's user timeout (Linux's native transport reports it as its own type;
   * a statement sent on a connection closed meanwhile fails with the client's "not active" exception).
   */
  private static boolean lostConnection(Throwable cause) {
    return cause instanceof SocketException || cause instanceof ClosedConnectionException || cause instanceof Errors.NativeIoException
      || cause instanceof VertxException && String.valueOf(cause.getMessage()).startsWith(NOT_ACTIVE);
  }
}
