package dev.chorus.platform.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;

/**
 * The oldest open writing transaction on the database server, sampled every five seconds. Every gap-safe log
 * reader waits behind it (see {@code EventLog}): its age is a gauge, and while it is older than
 * {@link #STALL_SECONDS} the node's readiness names it — a paused or cut-off node holding the log back.
 */
public final class OldestTransaction {

  static final double STALL_SECONDS = 10;
  private static final long PERIOD_MS = 5_000;
  private static final String QUERY = "select extract(epoch from now() - xact_start)::float8, pid, application_name,"
    + " coalesce(host(client_addr), 'local') from pg_stat_activity where backend_xid is not null order by xact_start limit 1";

  /** What the last sample saw: nothing open is an age of 0. */
  private record Sample(double seconds, String holder) {
  }

  private volatile Sample last = new Sample(0, "");

  private OldestTransaction() {
  }

  /** Registers the gauge; sampling starts with {@link #sample}. */
  public static OldestTransaction register(MeterRegistry registry) {
    OldestTransaction oldest = new OldestTransaction();
    Gauge.builder("chorus.db.oldest.transaction", oldest, o -> o.last.seconds())
      .description("Age of the oldest open writing transaction on the database server; gap-safe readers wait behind it")
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
        : Future.failedFuture(String.format("log readers wait behind a transaction open for %.0f s (%s)", sample.seconds(), sample.holder()));
    };
  }
}
