package dev.chorus.platform.db;

import io.vertx.core.VertxException;
import io.vertx.core.impl.NoStackTraceTimeoutException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseFaultsTest {

  @Test
  @DisplayName("an unreachable, restarting, full or waiting database is a fault of availability, wrapped or not")
  void unavailable() {
    assertThat(DatabaseFaults.unavailable(new ConnectException("Connection refused"))).isTrue();
    assertThat(DatabaseFaults.unavailable(new CompletionException(new ConnectException("Connection refused")))).isTrue();
    assertThat(DatabaseFaults.unavailable(ClosedConnectionException.INSTANCE)).isTrue();
    assertThat(DatabaseFaults.unavailable(new SocketException("Connection reset"))).isTrue();
    assertThat(DatabaseFaults.unavailable(new NoStackTraceTimeoutException("Timeout while waiting for a connection"))).isTrue();
    assertThat(DatabaseFaults.unavailable(pg("08006"))).as("connection failure").isTrue();
    assertThat(DatabaseFaults.unavailable(pg("57P01"))).as("admin shutdown").isTrue();
    assertThat(DatabaseFaults.unavailable(pg("57P03"))).as("starting up").isTrue();
    assertThat(DatabaseFaults.unavailable(pg("53300"))).as("too many clients").isTrue();
    assertThat(DatabaseFaults.unavailable(pg("57014"))).as("statement timeout").isTrue();
  }

  @Test
  @DisplayName("an error in the work itself is not: constraint violations, bad input, bugs")
  void errorsOfTheWork() {
    assertThat(DatabaseFaults.unavailable(pg("23505"))).as("unique violation").isFalse();
    assertThat(DatabaseFaults.unavailable(pg("22003"))).as("numeric out of range").isFalse();
    assertThat(DatabaseFaults.unavailable(pg("42P01"))).as("undefined table").isFalse();
    assertThat(DatabaseFaults.unavailable(new IllegalStateException("a bug"))).isFalse();
    assertThat(DatabaseFaults.unavailable(new IOException("a handler's own I/O"))).isFalse();
    assertThat(DatabaseFaults.connectionLost(new IOException("a handler's own I/O"))).isFalse();
  }

  @Test
  @DisplayName("a lost connection is one that failed or could not be made; a server that answers with an error is reached")
  void connectionLost() {
    assertThat(DatabaseFaults.connectionLost(new CompletionException(new ConnectException("Connection refused")))).isTrue();
    assertThat(DatabaseFaults.connectionLost(new SocketException("Connection reset"))).isTrue();
    assertThat(DatabaseFaults.connectionLost(ClosedConnectionException.INSTANCE)).isTrue();
    assertThat(DatabaseFaults.connectionLost(new VertxException("Connection is not active now, current status: CLOSED", true))).isTrue();
    assertThat(DatabaseFaults.connectionLost(new VertxException("something else", true))).isFalse();
    assertThat(DatabaseFaults.connectionLost(pg("57014"))).as("statement timeout").isFalse();
    assertThat(DatabaseFaults.connectionLost(new NoStackTraceTimeoutException("Timeout while waiting for a connection"))).as("a busy pool").isFalse();
  }

  private static PgException pg(String sqlState) {
    return new PgException("failed", "ERROR", sqlState, null);
  }
}
