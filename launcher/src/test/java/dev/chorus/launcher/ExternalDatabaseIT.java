package dev.chorus.launcher;

import dev.chorus.platform.db.DatabaseUrl;
import dev.chorus.platform.db.SchemaMigrations;
import dev.chorus.testkit.Poll;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nodes on an external PostgreSQL that takes its user's connections over TLS only, as
 * {@code --db postgresql://chorus:secret@127.0.0.1:PORT/DB?sslmode=require}: migrating together, and what
 * {@code /ready} says while migrations and contexts wait, and five nodes hosting every context within the
 * connections a stock server allows.
 */
class ExternalDatabaseIT {

  private static final Duration START = Duration.ofSeconds(90);
  private static final List<String> CONTEXTS = List.of("customers", "promotions");
  private static final Duration BUDGET_START = Duration.ofSeconds(150);
  private static final int BUDGET_NODES = 5;
  private static final int BUDGET_ROLE_LIMIT = 100;

  @TempDir
  static Path work;
  private static TlsPostgres postgres;

  @BeforeAll
  static void startServer() {
    postgres = TlsPostgres.start(work);
  }

  @AfterAll
  static void stopServer() throws Exception {
    postgres.close();
  }

  @Test
  @DisplayName("three nodes started at once on one new database over TLS: all ready, every schema migrated once, every connection encrypted")
  void nodesMigrateTogether() throws Exception {
    String database = postgres.createDatabase();
    Path clusterConfig = TestClusterConfig.write(work);
    List<NodeProcess> nodes = new ArrayList<>();
    try {
      for (String name : List.of("a", "b", "c")) {
        nodes.add(NodeProcess.start(work, name, "--cluster-config", clusterConfig.toString(), "--contexts", String.join(",", CONTEXTS),
          "--db", postgres.nodeUrl(database)));
      }
      for (NodeProcess node : nodes) {
        node.awaitReady(START);
      }

      try (Connection connection = postgres.superuser(database)) {
        for (String schema : CONTEXTS) {
          assertThat(history(connection, schema + ".kernel_schema_history")).as(schema + " kernel")
            .containsExactlyElementsOf(Stream.concat(Stream.of("null SCHEMA"), migrations("kernel").stream()).toList());
          assertThat(history(connection, schema + ".read_model_schema_history")).as(schema + " read models")
            .containsExactlyElementsOf(Stream.concat(Stream.of("0 BASELINE"), migrations(schema).stream()).toList());
        }
        assertThat(encryption(connection)).as("the server's view of the nodes' connections").containsExactly(true);
      }
      var created = nodes.get(0).post("/customers", "{\"email\": \"tls@example.com\", \"name\": \"Tls\"}");
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      var read = nodes.get(2).get(created.headers().firstValue("Location").orElseThrow());
      assertThat(new JsonObject(read.body()).getString("email")).isEqualTo("tls@example.com");
      for (NodeProcess node : nodes) {
        assertThat(node.terminate(Duration.ofSeconds(30))).isZero();
      }
    } finally {
      nodes.forEach(NodeProcess::close);
    }
  }

  @Test
  @DisplayName("/ready answers 503 naming the database while migrations wait for a lock, then the contexts while they start; /health stays 200")
  void readinessFollowsMigrationsAndContexts() throws Exception {
    String database = postgres.createDatabase();
    new SchemaMigrations(DatabaseUrl.parse(postgres.nodeUrl(database))).migrate(List.of("promotions"));
    try (Connection migrations = postgres.superuser(database); Connection leases = postgres.superuser(database)) {
      advisory(migrations, "pg_advisory_lock");
      leases.setAutoCommit(false);
      try (Statement statement = leases.createStatement()) {
        statement.execute("lock table promotions.subscription_partitions in share mode");
      }
      try (NodeProcess node = NodeProcess.start(work, "held", "--cluster-config", TestClusterConfig.write(work).toString(),
        "--contexts", "promotions", "--db", postgres.nodeUrl(database))) {

        awaitChecks(node, Map.of("cluster", "UP", "database", "starting and migrating", "log", "UP", "contexts", "starting promotions"));
        assertThat(waiting(migrations, "select count(*) from pg_locks where locktype = 'advisory' and not granted"))
          .as("the node waits for the migration lock").isEqualTo(1);
        assertThat(node.get("/health").statusCode()).isEqualTo(200);

        advisory(migrations, "pg_advisory_unlock");
        awaitChecks(node, Map.of("cluster", "UP", "database", "UP", "log", "UP", "contexts", "starting promotions"));
        Poll.until(Duration.ofSeconds(10), () -> waiting(migrations, "select count(*) from pg_locks l join pg_class c on c.oid = l.relation"
          + " where c.relname = 'subscription_partitions' and not l.granted") > 0, () -> "the context's start should wait for the table");
        assertThat(node.getJson("/ready").getJsonObject("checks").getString("contexts")).isEqualTo("starting promotions");
        assertThat(node.get("/health").statusCode()).isEqualTo(200);

        leases.commit();
        node.awaitReady(Duration.ofSeconds(30));
        assertThat(node.getJson("/ready").getJsonObject("checks").getMap()).containsOnlyKeys("cluster", "database", "log", "contexts")
          .allSatisfy((check, state) -> assertThat(state).isEqualTo("UP"));
        assertThat(node.terminate(Duration.ofSeconds(30))).isZero();
      }
    }
  }

  @Test
  @DisplayName("five nodes with every context on a role limited to 100 connections: within 16 each, every request answered")
  void fiveNodesOnAHundredConnections() throws Exception {
    String database = postgres.createDatabase();
    AtomicInteger peak = new AtomicInteger();
    ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
    List<NodeProcess> nodes = new ArrayList<>();
    try (Connection admin = postgres.superuser(database)) {
      execute(admin, "alter role " + TlsPostgres.USER + " connection limit " + BUDGET_ROLE_LIMIT);
      sampler.scheduleAtFixedRate(() -> peak.accumulateAndGet(connections(admin), Math::max), 0, 100, TimeUnit.MILLISECONDS);
      Path clusterConfig = TestClusterConfig.write(work);
      for (int i = 0; i < BUDGET_NODES; i++) {
        nodes.add(NodeProcess.start(work, "node-" + i, "--cluster-config", clusterConfig.toString(), "--db", postgres.nodeUrl(database)));
      }
      for (NodeProcess node : nodes) {
        node.awaitReady(BUDGET_START);
      }
      NodeProcess first = nodes.get(0);
      Poll.until(Duration.ofSeconds(30), () -> first.getJson("/cluster").getInteger("size") == BUDGET_NODES,
        () -> "the nodes never saw each other");
      JsonObject cluster = first.getJson("/cluster");
      assertThat(cluster.getInteger("dbConnections")).isEqualTo(BUDGET_NODES * ConnectionBudget.DEFAULT);
      cluster.getJsonArray("members").forEach(member -> {
        assertThat(((JsonObject) member).getInteger("dbConnections")).isEqualTo(ConnectionBudget.DEFAULT);
        JsonObject databases = ((JsonObject) member).getJsonObject("databases");
        assertThat(databases.fieldNames()).as("each context's database").hasSize(7);
        databases.forEach(entry -> assertThat(entry.getValue()).as(entry.getKey())
          .isEqualTo(DatabaseUrl.parse(postgres.nodeUrl(database)).toString()).asString().doesNotContain("secret"));
      });

      String sku = new Shop(first).stockedProduct(300, 1_000);
      for (NodeProcess node : nodes) {
        Shop shop = new Shop(node);
        HttpResponse<String> registered = node.post("/customers",
          new JsonObject().put("email", UUID.randomUUID() + "@example.com").put("name", "Budget").encode());
        assertThat(registered.statusCode()).as(node + ": " + registered.body()).isEqualTo(201);
        String customer = shop.fundedCustomer(10_000);
        HttpResponse<String> placed = shop.post("/orders", Shop.order(customer, sku, 2), "wait=30", null);
        assertThat(placed.statusCode()).as(node + ": " + placed.body()).isEqualTo(201);
        assertThat(new JsonObject(placed.body()).getString("status")).as(node + ": " + placed.body()).isEqualTo("CONFIRMED");
      }
      Set<String> contextSessions = new TreeSet<>();
      cluster.getJsonArray("members").getJsonObject(0).getJsonObject("databases").fieldNames()
        .forEach(context -> contextSessions.add("chorus " + context));
      assertThat(contextSessions).hasSize(7);
      try (Connection observer = postgres.superuser(database)) {
        Poll.until(Duration.ofSeconds(10), () -> applicationNames(observer).containsAll(contextSessions),
          () -> "each context's sessions should name it in pg_stat_activity, saw " + applicationNames(observer));
        assertThat(applicationNames(observer)).as("the nodes' sessions: each context's, and the operations' ('chorus')")
          .isSubsetOf(union(contextSessions, Set.of("chorus")));
      }
      assertThat(peak.get()).as("most connections the role held at once").isPositive()
        .isLessThanOrEqualTo(BUDGET_NODES * ConnectionBudget.DEFAULT);
      for (NodeProcess node : nodes) {
        assertThat(node.output()).doesNotContain("too many", "connection limit exceeded");
      }
    } finally {
      sampler.shutdownNow();
      nodes.forEach(NodeProcess::close);
      try (Connection admin = postgres.superuser(database)) {
        execute(admin, "alter role " + TlsPostgres.USER + " connection limit -1");
      }
    }
  }

  private static int connections(Connection admin) {
    try (Statement statement = admin.createStatement();
         ResultSet count = statement.executeQuery("select count(*) from pg_stat_activity where usename = '" + TlsPostgres.USER + "'")) {
      count.next();
      return count.getInt(1);
    } catch (SQLException e) {
      return 0;
    }
  }

  /** The application names of the nodes' sessions (their role's, in this database) that the server shows now. */
  private static Set<String> applicationNames(Connection admin) {
    Set<String> names = new TreeSet<>();
    try (Statement statement = admin.createStatement();
         ResultSet rows = statement.executeQuery("select distinct application_name from pg_stat_activity where usename = '" + TlsPostgres.USER + "'"
           + " and datname = current_database()")) {
      while (rows.next()) {
        names.add(rows.getString(1));
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return names;
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> both = new TreeSet<>(a);
    both.addAll(b);
    return both;
  }

  private static void execute(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  /** Polls until /ready answers 503 with exactly these checks. */
  private static void awaitChecks(NodeProcess node, Map<String, String> checks) {
    String[] last = {"no answer yet"};
    Poll.until(START, () -> {
      var ready = node.get("/ready");
      last[0] = ready.statusCode() + " " + ready.body();
      return ready.statusCode() == 503 && new JsonObject(ready.body()).getJsonObject("checks").getMap().equals(checks);
    }, () -> "/ready never answered 503 with " + checks + "; last: " + last[0] + "\n" + node.output());
  }

  /** "version type" of each row of a Flyway history, in the order applied. */
  private static List<String> history(Connection connection, String table) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Statement statement = connection.createStatement();
         ResultSet result = statement.executeQuery("select version, type, success from " + table + " order by installed_rank")) {
      while (result.next()) {
        assertThat(result.getBoolean(3)).as(table + " " + result.getString(1)).isTrue();
        rows.add(result.getString(1) + " " + result.getString(2));
      }
    }
    return rows;
  }

  /** "N SQL" for each migration file of {@code sql/<folder>}, in version order. */
  private static List<String> migrations(String folder) throws IOException {
    try (Stream<Path> files = Files.list(Path.of("..", "sql", folder))) {
      return files.map(f -> f.getFileName().toString()).filter(name -> name.matches("V\\d+__.*\\.sql"))
        .map(name -> Integer.parseInt(name.substring(1, name.indexOf("__")))).sorted().map(version -> version + " SQL").toList();
    }
  }

  /** Whether each connection of the nodes' user is encrypted, as the server sees it (one entry per distinct answer). */
  private static List<Boolean> encryption(Connection connection) throws SQLException {
    List<Boolean> answers = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement("select distinct s.ssl from pg_stat_activity a"
      + " join pg_stat_ssl s using (pid) where a.usename = ?")) {
      statement.setString(1, TlsPostgres.USER);
      try (ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          answers.add(result.getBoolean(1));
        }
      }
    }
    return answers;
  }

  private static void advisory(Connection connection, String function) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement("select " + function + "(?)")) {
      statement.setLong(1, SchemaMigrations.MIGRATION_LOCK);
      statement.execute();
    }
  }

  private static long waiting(Connection connection, String query) throws SQLException {
    try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(query)) {
      result.next();
      return result.getLong(1);
    }
  }
}
