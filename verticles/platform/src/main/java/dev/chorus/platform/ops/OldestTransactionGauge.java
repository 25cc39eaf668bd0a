package dev.chorus.platform.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The age of the oldest open writing transaction on the database server. Every gap-safe log reader waits
 * behind it (see {@code EventLog}), so a high value explains stalled projections and subscriptions.
 */
public final class OldestTransactionGauge {

  private static final long PERIOD_MS = 5_000;
  private static final String QUERY = "select coalesce(extract(epoch from now() - min(xact_start)), 0)::float8"
    + " from pg_stat_activity where backend_xid is not null";

  private OldestTransactionGauge() {
  }

  /** Samples every five seconds; returns the timer id. */
  public static long start(Vertx vertx, Pool pool, MeterRegistry registry) {
    AtomicLong millis = new AtomicLong();
    Gauge.builder("chorus.db.oldest.transaction", millis, m -> m.get() / 1000.0)
      .description("Age of the oldest open writing transaction on the database server; gap-safe readers wait behind it")
      .baseUnit("seconds")
      .register(registry);
    return vertx.setPeriodic(0, PERIOD_MS, id -> pool.query(QUERY).execute()
      .onSuccess(rows -> millis.set(Math.round(rows.iterator().next().getDouble(0) * 1000))));
  }
}
