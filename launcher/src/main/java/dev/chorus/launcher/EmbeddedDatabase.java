package dev.chorus.launcher;

import dev.chorus.platform.db.DatabaseUrl;
import dev.chorus.platform.db.EmbeddedPostgresBinaries;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
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
 * without warning leaves the server running, and the next node attaches to it. A server that is gone while
 * nodes use it (killed, crashed) is started again on the same port by {@link #restartIfGone()}.
 * <p>
 * Commits are synchronous: a transaction is on disk before the node answers for it.
 * <p>
 * The server's binaries are unpacked to, and run from, the user's cache, where no other user can write
 * ({@link EmbeddedPostgresBinaries}). The server listens on loopback only and takes no connection without the password (scram-sha-256) that the first
 * node generated into {@code <data-dir>/db.password} (mode 0600); a data directory made when the server trusted every
 * local connection is locked the same way the first time a node starts its server.
 */
final class EmbeddedDatabase implements AutoCloseable {

  static final String DATABASE = "chorus";
  private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  private final Path dataDir;
  private final Path pgData;
  private final String password;
  private final FileChannel membership;
  private final FileLock membershipLock;
  private final boolean startedHere;
  private volatile RunningPostgres server;
  private EmbeddedServerWatch watch;
  /** The server this JVM started, holding its data directory's lock; empty when another node started it. */
  private Optional<EmbeddedPostgres> startedServer;

  private EmbeddedDatabase(Path dataDir, String password, FileChannel membership, FileLock membershipLock,
                           Optional<EmbeddedPostgres> startedServer) {
    this.dataDir = dataDir;
    this.password = password;
    this.pgData = dataDir.resolve("postgres");
    this.membership = membership;
    this.membershipLock = membershipLock;
    this.startedServer = startedServer;
    this.startedHere = startedServer.isPresent();
    this.server = RunningPostgres.find(pgData).orElseThrow(() -> new IllegalStateException("no server answers in " + pgData));
  }

  /** Attaches to the server running on {@code dataDir}, or starts it. Blocking. */
  static EmbeddedDatabase startOrAttach(Path dataDir) throws IOException {
    Path pgData = dataDir.resolve("postgres");
    Files.createDirectories(pgData);
    FileChannel membership = FileChannel.open(dataDir.resolve("nodes.lock"), StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    FileLock membershipLock = membership.lock(0, Long.MAX_VALUE, true);
    try (FileChannel startup = startupLock(dataDir); FileLock ignored = startup.lock()) {
      String password = SecretFile.readOrGenerate(passwordFile(dataDir));
      Optional<EmbeddedPostgres> started = RunningPostgres.find(pgData).isPresent()
        ? Optional.empty() : Optional.of(start(dataDir, freePort(), password));
      EmbeddedDatabase database = new EmbeddedDatabase(dataDir, password, membership, membershipLock, started);
      database.watch = EmbeddedServerWatch.start(database);
      return database;
    } catch (IOException | RuntimeException e) {
      membership.close();
      throw e;
    }
  }

  /**
   * Starts the server again, on the port the nodes' pools know, when it no longer runs. Blocking. Of several
   * nodes on one data directory the first to look starts it; the others find it running. While the node that
   * started a killed server lives it holds the data directory's lock, so only it can start it again.
   *
   * @return whether this call started it
   */
  boolean restartIfGone() throws IOException {
    if (server.alive()) {
      return false;
    }
    try (FileChannel startup = startupLock(dataDir); FileLock ignored = startup.lock()) {
      Optional<RunningPostgres> running = RunningPostgres.find(pgData);
      if (running.isPresent()) {
        server = running.get();
        return false;
      }
      startedServer.ifPresent(EmbeddedDatabase::releaseDataDirectory);
      startedServer = Optional.empty();
      EmbeddedPostgres again = start(dataDir, server.port(), password);
      startedServer = Optional.of(again);
      server = RunningPostgres.find(pgData).orElseThrow(() -> new IOException("the embedded PostgreSQL started again but does not answer"));
      return true;
    }
  }

  /** Closing a handle whose server is gone releases the data directory's lock (its stop finds nothing to stop). */
  private static void releaseDataDirectory(EmbeddedPostgres gone) {
    try {
      gone.close();
    } catch (IOException e) {
      log.warn("Could not release the embedded PostgreSQL's data directory lock: {}", e.getMessage());
    }
  }

  DatabaseUrl url() {
    return DatabaseUrl.local(server.port(), DATABASE, password);
  }

  /** Where the server's password is kept. */
  static Path passwordFile(Path dataDir) {
    return dataDir.resolve("db.password");
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
    watch.stop();
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

  private static FileChannel startupLock(Path dataDir) throws IOException {
    return FileChannel.open(dataDir.resolve("startup.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
  }

  private static EmbeddedPostgres start(Path dataDir, int port, String password) throws IOException {
    Path pgData = dataDir.resolve("postgres");
    boolean trusting = TrustingServer.was(pgData);
    ProcessBuilder.Redirect serverLog = ProcessBuilder.Redirect.appendTo(dataDir.resolve("postgres.log").toFile());
    File binaries = EmbeddedPostgresBinaries.directory();
    EmbeddedPostgres server = EmbeddedPostgres.builder()
      .setOverrideWorkingDirectory(binaries)
      .setDataDirectory(pgData)
      .setCleanDataDirectory(false)
      .setRegisterShutdownHook(false)
      .setPort(port)
      .setPGStartupWait(Duration.ofSeconds(60))
      .setOutputRedirector(serverLog)
      .setErrorRedirector(serverLog)
      .setServerConfig("fsync", "on")
      .setServerConfig("synchronous_commit", "on")
      .setLocaleConfig("auth", "scram-sha-256")
      .setLocaleConfig("pwfile", passwordFile(dataDir).toAbsolutePath().toString())
      .setConnectConfig("password", password)
      .setServerConfig("listen_addresses", "localhost")
      .setServerConfig("max_connections", "300")
      .setServerConfig("idle_in_transaction_session_timeout", "60s")
      .start();
    if (trusting) {
      TrustingServer.lock(pgData, DatabaseUrl.local(port, "postgres", password));
    }
    createDatabase(DatabaseUrl.local(port, "postgres", password));
    if (RunningPostgres.find(pgData).isEmpty()) {
      throw new IOException("the embedded PostgreSQL started but does not answer on port " + port);
    }
    return server;
  }

  private static void createDatabase(DatabaseUrl admin) throws IOException {
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
