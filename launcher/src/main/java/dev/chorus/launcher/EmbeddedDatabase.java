package dev.chorus.launcher;

import dev.chorus.platform.db.DatabaseUrl;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The PostgreSQL server a node runs when no external database is configured. Its data lives in
 * {@code <data-dir>/postgres}; it is shared by every node started with the same data directory.
 * <p>
 * Each node holds a shared lock on {@code nodes.lock} while it uses the server. The first node starts the
 * server (under {@code startup.lock}, so that nodes starting together do not race); the others attach to it.
 * A node that stops gracefully and finds no other node holding the lock stops the server. A node killed
 * without warning leaves the server running, and the next node attaches to it.
 */
final class EmbeddedDatabase implements AutoCloseable {

  static final String DATABASE = "chorus";
  private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  private final Path pgData;
  private final FileChannel membership;
  private final FileLock membershipLock;
  private final RunningPostgres server;
  private final boolean startedHere;

  private EmbeddedDatabase(Path pgData, FileChannel membership, FileLock membershipLock, RunningPostgres server, boolean startedHere) {
    this.pgData = pgData;
    this.membership = membership;
    this.membershipLock = membershipLock;
    this.server = server;
    this.startedHere = startedHere;
  }

  /** Attaches to the server running on {@code dataDir}, or starts it. Blocking. */
  static EmbeddedDatabase startOrAttach(Path dataDir) throws IOException {
    Path pgData = dataDir.resolve("postgres");
    Files.createDirectories(pgData);
    FileChannel membership = FileChannel.open(dataDir.resolve("nodes.lock"), StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    FileLock membershipLock = membership.lock(0, Long.MAX_VALUE, true);
    try (FileChannel startup = FileChannel.open(dataDir.resolve("startup.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
         FileLock ignored = startup.lock()) {
      Optional<RunningPostgres> running = RunningPostgres.find(pgData);
      if (running.isPresent()) {
        return new EmbeddedDatabase(pgData, membership, membershipLock, running.get(), false);
      }
      RunningPostgres started = start(dataDir, pgData);
      return new EmbeddedDatabase(pgData, membership, membershipLock, started, true);
    } catch (IOException | RuntimeException e) {
      membership.close();
      throw e;
    }
  }

  DatabaseUrl url() {
    return DatabaseUrl.local(server.port(), DATABASE);
  }

  boolean startedHere() {
    return startedHere;
  }

  Path pgData() {
    return pgData;
  }

  /** Leaves the server; the last node to leave stops it. */
  @Override
  public void close() {
    try {
      membershipLock.release();
      FileLock exclusive = membership.tryLock();
      if (exclusive != null) {
        try {
          stop(server);
        } finally {
          exclusive.release();
        }
      }
    } catch (IOException e) {
      log.warn("Could not release the embedded database: {}", e.getMessage());
    } finally {
      try {
        membership.close();
      } catch (IOException ignored) {
        // closing releases the lock in any case
      }
    }
  }

  /** Stops a server with a fast shutdown (clients disconnected, a clean checkpoint) and waits for it to exit. */
  static void stop(RunningPostgres server) throws IOException {
    if (!server.alive()) {
      return;
    }
    Process kill = new ProcessBuilder("kill", "-INT", Long.toString(server.pid())).inheritIO().start();
    try {
      kill.waitFor();
      Optional<ProcessHandle> handle = ProcessHandle.of(server.pid());
      if (handle.isPresent()) {
        handle.get().onExit().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
      log.warn("The embedded PostgreSQL (pid {}) did not stop within {} s", server.pid(), STOP_TIMEOUT.toSeconds());
    }
  }

  private static RunningPostgres start(Path dataDir, Path pgData) throws IOException {
    int port = freePort();
    ProcessBuilder.Redirect serverLog = ProcessBuilder.Redirect.appendTo(dataDir.resolve("postgres.log").toFile());
    EmbeddedPostgres.builder()
      .setDataDirectory(pgData)
      .setCleanDataDirectory(false)
      .setRegisterShutdownHook(false)
      .setPort(port)
      .setPGStartupWait(Duration.ofSeconds(60))
      .setOutputRedirector(serverLog)
      .setErrorRedirector(serverLog)
      .setServerConfig("fsync", "on")
      .setServerConfig("listen_addresses", "localhost")
      .setServerConfig("max_connections", "300")
      .setServerConfig("idle_in_transaction_session_timeout", "60s")
      .start();
    createDatabase(port);
    return RunningPostgres.find(pgData).orElseThrow(() -> new IOException("the embedded PostgreSQL started but does not answer on port " + port));
  }

  private static void createDatabase(int port) throws IOException {
    DatabaseUrl admin = DatabaseUrl.local(port, "postgres");
    try (Connection connection = DriverManager.getConnection(admin.jdbcUrl(), admin.jdbcProperties());
         PreparedStatement query = connection.prepareStatement("select 1 from pg_database where datname = ?")) {
      query.setString(1, DATABASE);
      try (ResultSet exists = query.executeQuery(); Statement create = connection.createStatement()) {
        if (!exists.next()) {
          create.execute("create database " + DATABASE);
        }
      }
    } catch (SQLException e) {
      throw new IOException("could not create the '" + DATABASE + "' database: " + e.getMessage(), e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
