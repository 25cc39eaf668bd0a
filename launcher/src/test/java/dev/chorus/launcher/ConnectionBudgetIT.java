package dev.chorus.launcher;

import dev.chorus.platform.testing.Poll;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connection budget: five nodes hosting every context, started together against a server whose role may open
 * only 100 connections, stay within their budgets (16 each) and answer every request: registrations, deposits and
 * orders confirmed through each of them.
 */
class ConnectionBudgetIT {

  private static final Duration START = Duration.ofSeconds(150);
  private static final int NODES = 5;
  private static final int ROLE_LIMIT = 100;

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
  @DisplayName("five nodes with every context on a role limited to 100 connections: within 16 each, every request answered")
  void fiveNodesOnAHundredConnections() throws Exception {
    String database = postgres.createDatabase();
    AtomicInteger peak = new AtomicInteger();
    ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
    List<NodeProcess> nodes = new ArrayList<>();
    try (Connection admin = postgres.superuser(database)) {
      execute(admin, "alter role " + TlsPostgres.USER + " connection limit " + ROLE_LIMIT);
      sampler.scheduleAtFixedRate(() -> peak.accumulateAndGet(connections(admin), Math::max), 0, 100, TimeUnit.MILLISECONDS);
      Path clusterConfig = TestClusterConfig.write(work);
      for (int i = 0; i < NODES; i++) {
        nodes.add(NodeProcess.start(work, "node-" + i, "--cluster-config", clusterConfig.toString(), "--db", postgres.nodeUrl(database)));
      }
      for (NodeProcess node : nodes) {
        node.awaitReady(START);
      }
      NodeProcess first = nodes.get(0);
      Poll.until(Duration.ofSeconds(30), () -> first.getJson("/cluster").getInteger("size") == NODES,
        () -> "the nodes never saw each other");
      JsonObject cluster = first.getJson("/cluster");
      assertThat(cluster.getInteger("dbConnections")).isEqualTo(NODES * ConnectionBudget.DEFAULT);
      cluster.getJsonArray("members").forEach(member ->
        assertThat(((JsonObject) member).getInteger("dbConnections")).isEqualTo(ConnectionBudget.DEFAULT));

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
      assertThat(peak.get()).as("most connections the role held at once").isPositive()
        .isLessThanOrEqualTo(NODES * ConnectionBudget.DEFAULT);
      for (NodeProcess node : nodes) {
        assertThat(node.output()).doesNotContain("too many", "connection limit exceeded");
      }
    } finally {
      sampler.shutdownNow();
      nodes.forEach(NodeProcess::close);
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

  private static void execute(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
