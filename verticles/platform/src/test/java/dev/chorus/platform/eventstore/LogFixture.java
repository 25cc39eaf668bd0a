package dev.chorus.platform.eventstore;

import dev.chorus.platform.db.DatabaseUrl;
import dev.chorus.platform.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.SqlConnection;

import dev.chorus.platform.testing.Poll;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static dev.chorus.platform.testing.Await.await;

/** A fresh database with one context schema, and separate connections to it: one per simulated writer or reader. */
final class LogFixture implements AutoCloseable {

  static final String SCHEMA = "ledger";

  final Vertx vertx = Vertx.vertx();
  final DatabaseUrl url = TestDatabase.fresh(SCHEMA);
  private final List<SqlConnection> connections = new ArrayList<>();

  SqlConnection connect() {
    PgConnectOptions options = url.connectOptions();
    options.getProperties().put("search_path", SCHEMA);
    SqlConnection connection = await(PgConnection.connect(vertx, options));
    synchronized (connections) {
      connections.add(connection);
    }
    return connection;
  }

  /** Returns once some statement on this database is waiting for a lock held by another transaction. */
  void awaitLockWait() {
    SqlConnection observer = connect();
    Poll.until(Duration.ofSeconds(10),
      () -> await(observer.query("select count(*) from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'")
        .execute()).iterator().next().getLong(0) > 0,
      () -> "no statement ever waited for a lock");
  }

  static NewEvent event(String type) {
    return new NewEvent(UUID.randomUUID(), type, "{\"n\":1}", "{}");
  }

  static StreamAppend append(String stream, int expectedVersion, NewEvent... events) {
    return new StreamAppend(stream, expectedVersion, List.of(events));
  }

  @Override
  public void close() {
    synchronized (connections) {
      connections.forEach(SqlConnection::close);
    }
    await(vertx.close());
  }
}
