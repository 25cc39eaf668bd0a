package dev.chorus.platform.testing;

import dev.chorus.platform.db.DatabaseUrl;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlConnection;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.chorus.platform.testing.Await.await;

/**
 * A fresh database holding one migrated context schema, with a Vert.x instance to reach it: separate
 * connections (one per simulated writer or reader) and pools. Close it to release them all.
 */
public final class TestSchema implements AutoCloseable {

  public final Vertx vertx = Vertx.vertx();
  public final String schema;
  public final DatabaseUrl url;
  private final List<SqlConnection> connections = new ArrayList<>();
  private final List<Pool> pools = new ArrayList<>();

  public TestSchema(String schema) {
    this.schema = schema;
    this.url = TestDatabase.fresh(schema);
  }

  public PgConnectOptions connectOptions() {
    PgConnectOptions options = url.connectOptions();
    options.getProperties().put("search_path", schema);
    return options;
  }

  public SqlConnection connect() {
    SqlConnection connection = await(PgConnection.connect(vertx, connectOptions()));
    synchronized (connections) {
      connections.add(connection);
    }
    return connection;
  }

  public Pool pool(int size) {
    Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(size)).connectingTo(connectOptions()).using(vertx).build();
    synchronized (pools) {
      pools.add(pool);
    }
    return pool;
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

  @Override
  public void close() {
    synchronized (connections) {
      connections.forEach(SqlConnection::close);
    }
    synchronized (pools) {
      pools.forEach(Pool::close);
    }
    await(vertx.close());
  }
}
