package dev.chorus.launcher;

import dev.chorus.platform.db.DatabaseUrl;
import dev.chorus.platform.db.EmbeddedPostgresBinaries;
import dev.chorus.testkit.Poll;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of the test's own that the test can take away from the nodes as production loses one: killed
 * ({@code kill -9} of its postmaster) and started again on the same port and data, or paused ({@code SIGSTOP} to every
 * one of its processes, so that connections stay open and nothing answers) and resumed. Its superuser connects over
 * loopback without a password.
 */
final class StoppablePostgres implements AutoCloseable {

  private static final Duration START_AGAIN = Duration.ofSeconds(60);

  private final Path pgData;
  private final int port;
  private EmbeddedPostgres server;

  private StoppablePostgres(Path pgData, int port) {
    this.pgData = pgData;
    this.port = port;
  }

  static StoppablePostgres start(Path dir) throws IOException {
    StoppablePostgres postgres = new StoppablePostgres(dir.toAbsolutePath(), NodeProcess.freePort());
    postgres.server = postgres.launch();
    return postgres;
  }

  private EmbeddedPostgres launch() throws IOException {
    return EmbeddedPostgres.builder()
      .setOverrideWorkingDirectory(EmbeddedPostgresBinaries.directory())
      .setDataDirectory(pgData)
      .setCleanDataDirectory(false)
      .setRegisterShutdownHook(false)
      .setPort(port)
      .setServerConfig("max_connections", "100")
      // As a production server: a commit it acknowledged survives its kill (the library's default is asynchronous commit,
      // which loses the last ones; what a lost commit does to a subscription is ConsumerCommitsIT's).
      .setServerConfig("synchronous_commit", "on")
      .start();
  }

  /** A new, empty database; returns its name. */
  String createDatabase() throws SQLException {
    String name = "chorus_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
    try (Connection connection = superuser("postgres"); Statement statement = connection.createStatement()) {
      statement.execute("create database " + name);
    }
    return name;
  }

  /** What a node is given with {@code --db}. */
  String nodeUrl(String database) {
    return "postgresql://postgres@127.0.0.1:" + port + "/" + database;
  }

  DatabaseUrl url(String database) {
    return DatabaseUrl.local(port, database);
  }

  Connection superuser(String database) throws SQLException {
    DatabaseUrl url = url(database);
    return DriverManager.getConnection(url.jdbcUrl(), url.jdbcProperties());
  }

  /** {@code kill -9} of the postmaster; returns once it is gone. Its backends notice and end by themselves. */
  void kill() {
    ProcessHandle postmaster = postmaster();
    postmaster.destroyForcibly();
    Poll.until(Duration.ofSeconds(10), () -> !postmaster.isAlive(), () -> "the postmaster outlived kill -9");
  }

  /**
   * Starts the killed server again on its port and data, as an operator or a supervisor would: trying until the backends
   * of the killed one have let go of its shared memory.
   */
  void startAgain() throws IOException, InterruptedException {
    server.close(); // the handle of the killed server: its stop finds nothing to stop, and the data directory's lock goes
    long deadline = System.nanoTime() + START_AGAIN.toNanos();
    while (true) {
      try {
        server = launch();
        return;
      } catch (IOException | RuntimeException e) {
        if (System.nanoTime() > deadline) {
          throw new IOException("the killed server did not start again within " + START_AGAIN, e);
        }
        Thread.sleep(200); // between attempts to start a process, not a wait for an event
      }
    }
  }

  /** {@code SIGSTOP} to the postmaster and every backend: connections stay open, and nothing answers. */
  void pause() throws IOException, InterruptedException {
    signal("-STOP");
  }

  void resume() throws IOException, InterruptedException {
    signal("-CONT");
  }

  /** Signals the postmaster, which must take it, and its backends, of which some may have ended meanwhile. */
  private void signal(String signal) throws IOException, InterruptedException {
    ProcessHandle postmaster = postmaster();
    if (kill(signal, Stream.of(postmaster)) != 0) {
      throw new IOException("kill " + signal + " " + postmaster.pid() + " failed");
    }
    kill(signal, postmaster.descendants());
  }

  private static int kill(String signal, Stream<ProcessHandle> processes) throws IOException, InterruptedException {
    List<String> command = Stream.concat(Stream.of("kill", signal), processes.map(p -> Long.toString(p.pid()))).toList();
    return command.size() == 2 ? 0 : new ProcessBuilder(command).inheritIO().start().waitFor();
  }

  private ProcessHandle postmaster() {
    RunningPostgres running = RunningPostgres.find(pgData).orElseThrow(() -> new IllegalStateException("no server runs on " + pgData));
    return ProcessHandle.of(running.pid()).orElseThrow();
  }

  @Override
  public void close() throws IOException {
    if (RunningPostgres.find(pgData).isPresent()) {
      try {
        resume(); // a paused server would not stop
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    server.close();
  }
}
