package dev.chorus.launcher;

import dev.chorus.platform.db.DatabaseFaults;
import dev.chorus.platform.web.Problem;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Whether this node reaches one of its databases, as the requests it serves find out: when one fails for a lost
 * connection (a link gone silent, a server gone), the node asks the server at once; and while requests come to the
 * contexts it holds, it asks once a second, so that a server that stopped answering without closing anything (paused,
 * or cut off behind a link that still acknowledges) is found within seconds too. If the question goes unanswered, the
 * node refuses those contexts' requests with 503 at once, rather than letting each wait for its own connection, and
 * asks again every second until the server answers. Costs nothing while no request comes, and one statement a second
 * while they do. Safe to use from any event loop.
 */
final class DatabaseReachability {

  private static final Logger log = LoggerFactory.getLogger("chorus");
  private static final long PROBE_MS = 1_000;

  private final Vertx vertx;
  private final Pool pool;
  private final DatabaseChoice database;
  /** Why the database is out of reach and since when ({@link System#nanoTime()}), or null while it answers. */
  private final AtomicReference<Lost> lost = new AtomicReference<>();
  private final AtomicBoolean checking = new AtomicBoolean();
  /** Whether a request came to the database's contexts since the last look. */
  private final AtomicBoolean busy = new AtomicBoolean();

  private record Lost(String reason, long since) {
  }

  DatabaseReachability(Vertx vertx, Pool pool, DatabaseChoice database) {
    this.vertx = vertx;
    this.pool = pool;
    this.database = database;
    vertx.setPeriodic(PROBE_MS, id -> {
      if (busy.getAndSet(false)) {
        check("it did not answer within " + 2 * PROBE_MS + " ms while requests waited");
      }
    });
  }

  /** Takes note of a request to a context the database holds: while they come, the database is asked once a second. */
  void requested() {
    busy.lazySet(true);
  }

  /** Why the database is out of reach, while it is. */
  Optional<String> unreachable() {
    return Optional.ofNullable(lost.get()).map(Lost::reason);
  }

  /** The database, and why it is out of reach while it is. */
  String describe() {
    return database + unreachable().map(reason -> " (" + reason + ")").orElse("");
  }

  /** Answers 503, naming the database and why it is out of reach. */
  void refuse(RoutingContext rc) {
    rc.response().putHeader("Retry-After", "1");
    Problem.unavailable("database-unavailable", "this node cannot reach the database " + database + " ("
      + unreachable().orElse("it did not answer") + "); retry shortly, here or on another node (with the same Idempotency-Key)").send(rc);
  }

  /**
   * Takes note of a request's failure: after a lost connection, the database is asked at once, and counts as out of reach
   * if it does not answer, until it answers a probe.
   */
  void failed(Throwable failure) {
    if (DatabaseFaults.connectionLost(failure)) {
      check(StartupFailure.describe(failure));
    }
  }

  /** Asks the database, unless it is already known out of reach or being asked; if it does not answer, it is, for {@code reason}. */
  private void check(String reason) {
    if (lost.get() == null && checking.compareAndSet(false, true)) {
      ask().onComplete(answer -> {
        if (answer.failed()) {
          lost.set(new Lost(reason, System.nanoTime()));
          log.warn("the database {} is out of reach ({}): requests to the contexts it holds are answered 503 until it answers again",
            database, reason);
          probe();
        }
        checking.set(false);
      });
    }
  }

  /** Asks the database for an answer within 2 s; one reopens the node to requests if it was closed. */
  Future<Void> ask() {
    return pool.query("select 1").execute().timeout(2 * PROBE_MS, TimeUnit.MILLISECONDS).<Void>mapEmpty().onSuccess(v -> answered());
  }

  private void answered() {
    Lost was = lost.getAndSet(null);
    if (was != null) {
      log.info("the database {} answers again, after {} ms out of reach", database,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - was.since()));
    }
  }

  private void probe() {
    vertx.setTimer(PROBE_MS, id -> {
      if (lost.get() != null) {
        ask().onFailure(e -> probe());
      }
    });
  }
}
