package dev.chorus.testkit;

import dev.chorus.platform.db.DatabaseUrl;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlConnection;

import java.time.Duration;

import static dev.chorus.testkit.Await.await;

/**
 * A fresh database holding one migrated context schema, with a Vert.x instance to reach it: separate
 * connections (one per simulated writer or reader) and pools. Close it to release them all.
 */
public final class TestSchema implements AutoCloseable {

  public final Vertx vertx = Vertx.vertx();
  public final String schema;
  public final DatabaseUrl url;

  /** A database holding these schemas; the first is the one {@link #connect()} and {@link #pool(int)} use. */
  public TestSchema(String... schemas) {
    this.schema = schemas[0];
    this.url = TestDatabase.fresh(schemas);
  }

  public PgConnectOptions connectOptions() {
    return connectOptions(schema);
  }

  public PgConnectOptions connectOptions(String schemaName) {
    PgConnectOptions options = url.connectOptions();
    options.getProperties().put("search_path", schemaName);
    return options;
  }

  public SqlConnection connect() {
    return await(PgConnection.connect(vertx, connectOptions()));
  }

  public Pool pool(int size) {
    return pool(schema, size);
  }

  public Pool pool(String schemaName, int size) {
    return PgBuilder.pool().with(new PoolOptions().setMaxSize(size)).connectingTo(connectOptions(schemaName)).using(vertx).build();
  }

  /** Returns once some statement on this database is waiting for a lock held by another transaction. */
  public void awaitLockWait() {
    SqlConnection observer = connect();
    Poll.until(Duration.ofSeconds(10),
      () -> await(observer.query("select count(*) from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'")
        .execute()).iterator().next().getLong(0) > 0,
      () -> "no statement ever waited for a lock");
  }

  public long count(String sql) {
    return await(connect().query(sql).execute()).iterator().next().getLong(0);
  }

  /** Closes Vert.x: its verticles stop first, then its pools and connections close. */
  @Override
  public void close() {
    await(vertx.close());
  }
}
