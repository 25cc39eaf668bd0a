package dev.chorus.launcher;

import dev.chorus.platform.testing.Poll;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The embedded PostgreSQL: kept under the data directory, found again after a crash, watched by /ready. */
class EmbeddedDatabaseIT {

  private static final Duration START = Duration.ofSeconds(90);
  private static final Pattern DATABASE_URL = Pattern.compile("database (postgresql://\\S+)");

  @TempDir
  Path work;

  @AfterEach
  void stopLeftoverServer() throws Exception {
    Optional<RunningPostgres> leftover = RunningPostgres.find(work.resolve("chorus-data/postgres"));
    if (leftover.isPresent()) {
      EmbeddedDatabase.stop(leftover.get());
    }
  }

  @Test
  @DisplayName("a node killed with -9 leaves its database running; the restarted node reuses it")
  void restartAfterKillReusesTheDatabase() throws Exception {
    Path clusterConfig = TestClusterConfig.write(work);
    NodeProcess crashed = NodeProcess.start(work, "crashed", "--cluster-config", clusterConfig.toString()).awaitReady(START);
    String url = databaseUrl(crashed);
    assertThat(crashed.output()).contains("(embedded, started in");

    crashed.kill();
    assertThat(RunningPostgres.find(work.resolve("chorus-data/postgres"))).as("database outlives a crashed node").isPresent();

    try (NodeProcess restarted = NodeProcess.start(work, "restarted", "--cluster-config", clusterConfig.toString()).awaitReady(START)) {
      assertThat(databaseUrl(restarted)).isEqualTo(url);
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
  @DisplayName("/ready answers 503 naming the database while it is down, and /health stays 200")
  void readinessFollowsTheDatabase() throws Exception {
    Path clusterConfig = TestClusterConfig.write(work);
    try (NodeProcess node = NodeProcess.start(work, "node", "--cluster-config", clusterConfig.toString()).awaitReady(START)) {
      RunningPostgres server = RunningPostgres.find(work.resolve("chorus-data/postgres")).orElseThrow();

      EmbeddedDatabase.stop(server);

      Poll.until(Duration.ofSeconds(10), () -> node.get("/ready").statusCode() == 503, node::output);
      JsonObject ready = node.getJson("/ready");
      assertThat(ready.getString("status")).isEqualTo("NOT_READY");
      assertThat(ready.getJsonObject("checks").getString("database")).startsWith("unreachable");
      assertThat(ready.getJsonObject("checks").getString("cluster")).isEqualTo("UP");
      assertThat(node.get("/health").statusCode()).isEqualTo(200);
      assertThat(node.terminate(Duration.ofSeconds(30))).isZero();
    }
  }

  private static String databaseUrl(NodeProcess node) {
    Matcher matcher = DATABASE_URL.matcher(node.output());
    assertThat(matcher.find()).as("ready line names the database:\n" + node.output()).isTrue();
    return matcher.group(1);
  }
}
