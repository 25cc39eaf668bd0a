package dev.chorus.launcher;

import dev.chorus.platform.db.DatabaseUrl;
import dev.chorus.testkit.Poll;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A database that takes connections and never answers (a paused server, a link that still acknowledges): the node
 * finds it out of reach when a request loses its connection, and, while requests come, without any failure at all.
 */
class DatabaseReachabilityTest {

  private final Vertx vertx = Vertx.vertx();
  private final List<Socket> held = new CopyOnWriteArrayList<>();
  private final ServerSocket silent = silentServer();
  private final Pool pool = PgBuilder.pool()
    .connectingTo(new PgConnectOptions().setHost("127.0.0.1").setPort(silent.getLocalPort()).setUser("chorus").setDatabase("chorus"))
    .using(vertx).build();
  private final DatabaseChoice database = new DatabaseChoice.External(DatabaseUrl.parse("postgresql://chorus@127.0.0.1:"
    + silent.getLocalPort() + "/chorus"));

  @AfterEach
  void close() throws Exception {
    silent.close();
    for (Socket socket : held) {
      socket.close();
    }
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("a request that lost its connection has the silent database asked at once, and found out of reach")
  void aLostConnectionIsChecked() {
    DatabaseReachability reachability = new DatabaseReachability(vertx, pool, database);
    assertThat(reachability.unreachable()).isEmpty();

    reachability.failed(new IllegalStateException("a constraint was violated"));
    reachability.failed(new SocketException("Connection reset"));

    Poll.until(Duration.ofSeconds(5), () -> reachability.unreachable().isPresent(), () -> "never found out of reach");
    assertThat(reachability.unreachable()).get().asString().contains("Connection reset");
    assertThat(reachability.describe()).startsWith(database.toString());
  }

  @Test
  @DisplayName("while requests come, the silent database is asked once a second and found out of reach though nothing failed")
  void requestsHaveItAsked() {
    DatabaseReachability reachability = new DatabaseReachability(vertx, pool, database);

    reachability.requested();

    Poll.until(Duration.ofSeconds(5), () -> reachability.unreachable().isPresent(), () -> "never found out of reach");
    assertThat(reachability.unreachable()).get().asString().contains("did not answer within 2000 ms while requests waited");
  }

  /** Takes connections, reads nothing and says nothing. */
  private ServerSocket silentServer() {
    try {
      ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      Thread accepting = new Thread(() -> {
        while (!server.isClosed()) {
          try {
            held.add(server.accept());
          } catch (IOException e) {
            return;
          }
        }
      }, "silent-database");
      accepting.setDaemon(true);
      accepting.start();
      return server;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
