package dev.chorus.platform.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;

/**
 * The oldest open transaction on the database server that appended to a log (it holds a write lock on a context's
 * {@code events} table), sampled every five seconds. The gap-safe readers of that log wait behind it (see
 * {@code EventLog}): its age is a gauge, and while it is older than {@link #STALL_SECONDS} the node's readiness names
 * it — a paused or cut-off node holding a log back.
 */
public final class OldestTransaction {

  static final double STALL_SECONDS = 10;
  private static final long PERIOD_MS = 5_000;
  private static final String QUERY = "select extract(epoch from now() - a.xact_start)::float8, a.pid, a.application_name,"
    + " coalesce(host(a.client_addr), 'local') from pg_stat_activity a where a.backend_xid is not null"
    + " and exists (select 1 from pg_locks l join pg_class c on c.oid = l.relation where l.pid = a.pid and l.locktype = 'relation'"
    + "   and c.relname = 'events' and l.mode <> 'AccessShareLock')"
    + " order by a.xact_start limit 1";

  /** What the last sample saw: nothing open is an age of 0. */
  private record Sample(double seconds, String holder) {
  }

  private volatile Sample last = new Sample(0, "");

  private OldestTransaction() {
  }

  /** Registers the gauge of {@code database}; sampling starts with {@link #sample}. */
  public static OldestTransaction register(MeterRegistry registry, String database) {
    OldestTransaction oldest = new OldestTransaction();
    Gauge.builder("chorus.db.oldest.transaction", oldest, o -> o.last.seconds())
      .tag("database", database)
      .description("Age of the oldest open transaction that appended to a log; that log's gap-safe readers wait behind it")
      .baseUnit("seconds")
      .register(registry);
    return oldest;
  }

  /** Samples every five seconds through {@code pool}; returns the timer id. */
  public long sample(Vertx vertx, Pool pool) {
    return vertx.setPeriodic(0, PERIOD_MS, id -> pool.query(QUERY).execute().onSuccess(rows -> {
      Row row = rows.size() == 0 ? null : rows.iterator().next();
      last = row == null ? new Sample(0, "")
        : new Sample(row.getDouble(0), "pid " + row.getInteger(1) + ", " + row.getString(2) + " from " + row.getString(3));
    }));
  }

  /** Fails while the oldest writing transaction is older than {@link #STALL_SECONDS}, naming who holds it. */
  public ReadinessCheck stall() {
    return () -> {
      Sample sample = last;
      return sample.seconds() <= STALL_SECONDS ? Future.succeededFuture()
        : Future.failedFuture(String.format("log readers wait behind a transaction that appended and is open for %.0f s (%s)",
          sample.seconds(), sample.holder()));
    };
  }
}
