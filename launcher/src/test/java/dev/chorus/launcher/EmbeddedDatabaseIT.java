package dev.chorus.launcher;

import dev.chorus.platform.db.DatabaseUrl;
import dev.chorus.testkit.Poll;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The embedded PostgreSQL: kept under the data directory, found again after a crash, watched by /ready, started
 * again when gone, and durable: the running server flushes each commit's WAL to disk before it answers, and what it
 * answered survives a kill -9 of the postmaster.
 */
class EmbeddedDatabaseIT {

  private static final Duration START = Duration.ofSeconds(90);
  private static final Duration RECOVERY = Duration.ofSeconds(30);
  private static final int CRASHES = 10;
  private static final int CLIENTS = 4;
  private static final int ANSWERED_BETWEEN_CRASHES = 40;
  private static final int COMMITS = 200;

  @TempDir
  Path work;

  @AfterEach
  void stopLeftoverServer() throws Exception {
    NodeProcess.stopLeftoverDatabase(work);
  }

  @Test
  @DisplayName("the server takes no connection without the password generated into the data directory, and listens on loopback only")
  void passwordRequired() throws Exception {
    Path clusterConfig = TestClusterConfig.write(work);
    try (NodeProcess node = NodeProcess.start(work, "locked", "--cluster-config", clusterConfig.toString()).awaitReady(START)) {
      Path passwordFile = work.resolve("chorus-data/db.password");
      DatabaseUrl url = LocalCluster.embeddedDatabase(work.resolve("chorus-data"));

      assertThat(Files.getPosixFilePermissions(passwordFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
      assertThat(node.output()).doesNotContain(url.password());
      assertRefusedWith(url.withPassword(null), "no password");
      assertRefusedWith(url.withPassword("guess"), "password authentication failed");
      try (Connection db = DriverManager.getConnection(url.jdbcUrl(), url.jdbcProperties()); Statement statement = db.createStatement();
           ResultSet listen = statement.executeQuery("show listen_addresses")) {
        listen.next();
        assertThat(listen.getString(1)).isEqualTo("localhost");
      }
      assertThat(Files.readAllLines(work.resolve("chorus-data/postgres/pg_hba.conf")))
        .filteredOn(line -> !line.isBlank() && !line.startsWith("#"))
        .allSatisfy(line -> assertThat(line).endsWith("scram-sha-256"));
    }
  }

  @Test
  @DisplayName("psql, as a user on this machine runs it, is refused without the password")
  void psqlRefused() throws Exception {
    Path psql = psql();
    Path clusterConfig = TestClusterConfig.write(work);
    try (NodeProcess node = NodeProcess.start(work, "psql-refused", "--cluster-config", clusterConfig.toString()).awaitReady(START)) {
      DatabaseUrl url = LocalCluster.embeddedDatabase(work.resolve("chorus-data"));
      ProcessBuilder client = new ProcessBuilder(psql.toString(), "-w", "-h", "127.0.0.1", "-p", Integer.toString(url.port()), "-U", "postgres",
        "-c", "select 1", EmbeddedDatabase.DATABASE).redirectErrorStream(true);
      client.environment().remove("PGPASSWORD");
      client.environment().put("PGPASSFILE", work.resolve("no.pgpass").toString());
      Process refused = client.start();
      String output = new String(refused.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(refused.waitFor()).as(output).isNotZero();
      assertThat(output).contains("no password supplied");
    }
  }

  /** psql from the PATH: CI installs it (Debian's postgresql-client), elsewhere the test is skipped, saying why. */
  private static Path psql() {
    Optional<Path> found = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
      .filter(dir -> !dir.isEmpty()).map(dir -> Path.of(dir, "psql")).filter(Files::isExecutable).findFirst();
    if (found.isEmpty() && "true".equals(System.getenv("CI"))) {
      throw new AssertionError("psql is not on the PATH (" + System.getenv("PATH") + "): CI must install postgresql-client");
    }
    Assumptions.assumeTrue(found.isPresent(), "psql is not on the PATH: install postgresql-client to check how it is refused");
    return found.orElseThrow();
  }

  @Test
  @DisplayName("the node's database has fsync and synchronous_commit on, in a session on it as on the server's own, and the server"
    + " flushes the WAL to disk once per commit of the node: " + COMMITS + " deposits, each answered before the next is sent, raise"
    + " pg_stat_wal.wal_sync by at least " + COMMITS)
  void eachCommitFlushed() throws Exception {
    Path clusterConfig = TestClusterConfig.write(work);
    try (NodeProcess node = NodeProcess.start(work, "flushed", "--cluster-config", clusterConfig.toString(), "--contexts", "payments")
      .awaitReady(START)) {
      DatabaseUrl url = LocalCluster.embeddedDatabase(work.resolve("chorus-data"));
      for (String database : List.of("postgres", EmbeddedDatabase.DATABASE)) {
        DatabaseUrl on = url.withDatabase(database);
        try (Connection db = DriverManager.getConnection(on.jdbcUrl(), on.jdbcProperties()); Statement statement = db.createStatement()) {
          assertThat(show(statement, "fsync")).as(database + ": fsync").isEqualTo("on");
          assertThat(show(statement, "synchronous_commit")).as(database + ": synchronous_commit").isEqualTo("on");
        }
      }
      try (Connection db = DriverManager.getConnection(url.jdbcUrl(), url.jdbcProperties()); Statement statement = db.createStatement()) {
        assertThat(show(statement, "wal_sync_method")).as("a method whose every flush pg_stat_wal.wal_sync counts")
          .isIn("fdatasync", "fsync", "fsync_writethrough");

        // A deposit is answered once its commit's WAL is flushed, and the next is sent only after that answer: its commit
        // writes its WAL after that flush and needs one of its own, by the node's backend or the WAL writer, each counted
        // in wal_sync (which counts none while fsync is off). The node's other statements can only add to it; committed
        // asynchronously, a session's commits would share the WAL writer's few flushes a second.
        Deposits deposits = new Deposits(node, UUID.randomUUID());
        long before = walSyncs(statement);
        for (int n = 0; n < COMMITS; n++) {
          assertThat(deposits.sendNew()).as("deposit " + (n + 1) + " answered 200: " + deposits).isTrue();
        }
        // A backend's counts reach pg_stat_wal once it is idle, within seconds.
        AtomicLong after = new AtomicLong(before);
        Poll.until(Duration.ofSeconds(60), () -> {
          after.set(walSyncs(statement));
          return after.get() - before >= COMMITS;
        }, () -> COMMITS + " deposits in a row raised wal_sync by " + (after.get() - before) + ": not each commit was flushed to disk before its answer");
        System.out.printf("durability: %d deposits in a row raised pg_stat_wal.wal_sync by %d%n", COMMITS, after.get() - before);
      }
    }
  }

  private static String show(Statement statement, String setting) throws SQLException {
    try (ResultSet value = statement.executeQuery("show " + setting)) {
      value.next();
      return value.getString(1);
    }
  }

  /** How many times the server has flushed WAL to disk (a counter PostgreSQL skips when fsync is off). */
  private static long walSyncs(Statement statement) throws SQLException {
    try (ResultSet syncs = statement.executeQuery("select wal_sync from pg_stat_wal")) {
      syncs.next();
      return syncs.getLong(1);
    }
  }

  @Test
  @DisplayName("a data directory whose server trusted every local connection is locked at the next start, its data kept")
  void trustingDirectoryLocked() throws Exception {
    Path pgData = work.resolve("chorus-data/postgres");
    try (EmbeddedPostgres trusting = EmbeddedPostgres.builder().setDataDirectory(pgData).setCleanDataDirectory(false).start();
         Connection db = trusting.getPostgresDatabase().getConnection(); Statement statement = db.createStatement()) {
      statement.execute("create table kept (note text)");
      statement.execute("insert into kept values ('from before')");
    }
    Path clusterConfig = TestClusterConfig.write(work);
    try (NodeProcess node = NodeProcess.start(work, "upgraded", "--cluster-config", clusterConfig.toString()).awaitReady(START)) {
      DatabaseUrl url = LocalCluster.embeddedDatabase(work.resolve("chorus-data")).withDatabase("postgres");

      assertRefusedWith(url.withPassword(null), "no password");
      try (Connection db = DriverManager.getConnection(url.jdbcUrl(), url.jdbcProperties()); Statement statement = db.createStatement();
           ResultSet kept = statement.executeQuery("select note from kept")) {
        kept.next();
        assertThat(kept.getString(1)).isEqualTo("from before");
      }
      assertThat(Files.readAllLines(pgData.resolve("pg_hba.conf"))).noneMatch(line -> !line.startsWith("#") && line.endsWith("trust"));
    }
  }

  private static void assertRefusedWith(DatabaseUrl url, String reason) {
    assertThatThrownBy(() -> DriverManager.getConnection(url.jdbcUrl(), url.jdbcProperties()).close())
      .isInstanceOf(SQLException.class)
      .hasMessageContaining(reason);
  }

  @Test
  @DisplayName("a node killed with -9 leaves its database running; the restarted node reuses it")
  void restartAfterKillReusesTheDatabase() throws Exception {
    Path clusterConfig = TestClusterConfig.write(work);
    NodeProcess crashed = NodeProcess.start(work, "crashed", "--cluster-config", clusterConfig.toString()).awaitReady(START);
    String url = crashed.databaseUrl();
    assertThat(crashed.output()).contains("(embedded, started in");

    crashed.kill();
    assertThat(RunningPostgres.find(work.resolve("chorus-data/postgres"))).as("database outlives a crashed node").isPresent();

    try (NodeProcess restarted = NodeProcess.start(work, "restarted", "--cluster-config", clusterConfig.toString()).awaitReady(START)) {
      assertThat(restarted.databaseUrl()).isEqualTo(url);
      assertThat(restarted.output()).contains("(embedded, shared)");
      assertThat(restarted.terminate(Duration.ofSeconds(30))).isZero();
    }
    assertThat(RunningPostgres.find(work.resolve("chorus-data/postgres"))).as("last node out stops it").isEmpty();
  }

  @Test
  @DisplayName("a clean stop keeps the data: the last node out stops the database, and the next node starts it again with the data")
  void cleanStopKeepsTheData() throws Exception {
    Path clusterConfig = TestClusterConfig.write(work);
    String location;
    try (NodeProcess stopped = NodeProcess.start(work, "stopped", "--cluster-config", clusterConfig.toString(), "--contexts", "customers")
      .awaitReady(START)) {
      var created = stopped.post("/customers", "{\"email\": \"kept@example.com\", \"name\": \"Kept\"}");
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      location = created.headers().firstValue("Location").orElseThrow();
      assertThat(stopped.terminate(Duration.ofSeconds(30))).isZero();
    }
    assertThat(RunningPostgres.find(work.resolve("chorus-data/postgres"))).as("the last node out stopped it").isEmpty();

    try (NodeProcess again = NodeProcess.start(work, "again", "--cluster-config", clusterConfig.toString(), "--contexts", "customers")
      .awaitReady(START)) {
      assertThat(again.output()).contains("(embedded, started in");
      var read = again.get(location);
      assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
      assertThat(new JsonObject(read.body()).getString("email")).isEqualTo("kept@example.com");
      assertThat(again.terminate(Duration.ofSeconds(30))).isZero();
    }
  }

  @Test
  @DisplayName("/ready answers 503 naming the database while it is down, /health stays 200, and the node starts it again")
  void readinessFollowsTheDatabase() throws Exception {
    Path clusterConfig = TestClusterConfig.write(work);
    try (NodeProcess node = NodeProcess.start(work, "node", "--cluster-config", clusterConfig.toString()).awaitReady(START)) {
      Path pgData = work.resolve("chorus-data/postgres");
      RunningPostgres server = RunningPostgres.find(pgData).orElseThrow();

      try (FileChannel startup = FileChannel.open(work.resolve("chorus-data/startup.lock"), StandardOpenOption.WRITE);
           FileLock held = startup.lock()) {  // the node starts a server again only under this lock
        EmbeddedDatabase.stop(server);

        Poll.until(Duration.ofSeconds(10), () -> node.get("/ready").statusCode() == 503, node::output);
        JsonObject ready = node.getJson("/ready");
        assertThat(ready.getString("status")).isEqualTo("NOT_READY");
        assertThat(ready.getJsonObject("checks").getString("database")).startsWith("unreachable");
        assertThat(ready.getJsonObject("checks").getString("cluster")).isEqualTo("UP");
        assertThat(node.get("/health").statusCode()).isEqualTo(200);
        assertThat(node.post("/customers", "{\"email\": \"down@example.com\", \"name\": \"Down\"}").statusCode())
          .as("a command while the database is down").isEqualTo(503);
      }

      Duration back = Poll.until(Duration.ofSeconds(10), () -> node.get("/ready").statusCode() == 200, node::output);
      assertThat(RunningPostgres.find(pgData)).as("started again").isPresent();
      assertThat(RunningPostgres.find(pgData).get().port()).as("on the port the pools know").isEqualTo(server.port());
      assertThat(node.post("/customers", "{\"email\": \"back@example.com\", \"name\": \"Back\"}").statusCode()).isEqualTo(201);
      System.out.printf("embedded database: ready again %d ms after the lock was released%n", back.toMillis());
      assertThat(node.terminate(Duration.ofSeconds(30))).isZero();
    }
  }

  @Test
  @DisplayName("deposits answered 200 survive ten kill -9 of the embedded postmaster, which the node starts again: their WAL was written"
    + " before the answer and recovery replays it (a crash of the server, not of the machine: the page cache survives it, so this"
    + " shows no flush to disk); the rest land once when retried with their keys")
  void answeredDepositsSurviveServerKills() throws Exception {
    Path clusterConfig = TestClusterConfig.write(work);
    try (NodeProcess node = NodeProcess.start(work, "node", "--cluster-config", clusterConfig.toString(), "--contexts", "payments")
      .awaitReady(START)) {
      Deposits deposits = new Deposits(node, UUID.randomUUID());
      Path pgData = work.resolve("chorus-data/postgres");
      List<Long> recoveries = new ArrayList<>();
      ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
      AtomicBoolean running = new AtomicBoolean(true);
      List<Future<?>> senders = new ArrayList<>();
      for (int i = 0; i < CLIENTS; i++) {
        senders.add(clients.submit(() -> {
          while (running.get()) {
            if (!deposits.sendNew()) {
              Thread.sleep(20); // a client's pause after a refusal, as Retry-After asks; not a synchronisation
            }
          }
          return null;
        }));
      }
      try {
        while (recoveries.size() < CRASHES) {
          int answeredBefore = deposits.answered();
          Poll.until(RECOVERY, () -> deposits.answered() >= answeredBefore + ANSWERED_BETWEEN_CRASHES,
            () -> "deposits are not answered before kill " + (recoveries.size() + 1) + ": " + deposits + "\n" + node.output());
          RunningPostgres server = RunningPostgres.find(pgData).orElseThrow();
          long killedAt = System.nanoTime();
          new ProcessBuilder("kill", "-9", Long.toString(server.pid())).inheritIO().start().waitFor();
          int answeredAtKill = deposits.answered();
          Poll.until(RECOVERY, () -> deposits.answered() > answeredAtKill + CLIENTS,
            () -> "no deposit answered within " + RECOVERY + " of kill " + (recoveries.size() + 1) + ": " + deposits + "\n" + node.output());
          recoveries.add((System.nanoTime() - killedAt) / 1_000_000);
        }
      } finally {
        running.set(false);
        for (Future<?> sender : senders) {
          sender.get();
        }
        clients.shutdown();
      }

      deposits.retryUnanswered(RECOVERY);
      System.out.printf("durability: %d deposits (%d answered 200 before a retry), %d kill -9 of the postmaster, answered again after %s ms; answers %s%n",
        deposits.sent(), deposits.answeredFirstTime(), CRASHES, recoveries, deposits.statuses());
      assertThat(deposits.statuses().keySet()).as("answers while the server crashed and came back").containsOnly(200, 503);
      Poll.until(Duration.ofSeconds(10), () -> deposits.balance() == deposits.total(),
        () -> "the balance should hold every deposit exactly once: " + deposits.total() + " deposited, " + deposits);
      assertThat(node.output()).contains("had stopped; it runs again");
    }
  }
}
