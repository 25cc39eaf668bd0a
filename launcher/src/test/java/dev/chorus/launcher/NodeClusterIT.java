package dev.chorus.launcher;

import dev.chorus.platform.testing.Poll;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Nodes started from the jar, sharing one embedded database, joining and leaving one cluster. */
class NodeClusterIT {

  private static final Duration START = Duration.ofSeconds(60);

  @TempDir
  static Path work;
  static Path clusterConfig;
  static NodeProcess first;

  @BeforeAll
  static void startFirstNode() {
    clusterConfig = TestClusterConfig.write(work);
    first = NodeProcess.start(work, "first", "--cluster-config", clusterConfig.toString()).awaitReady(START);
  }

  @AfterAll
  static void stopFirstNode() throws Exception {
    if (first.alive()) {
      assertThat(first.terminate(Duration.ofSeconds(30))).isZero();
    }
    assertThat(RunningPostgres.find(work.resolve("chorus-data/postgres"))).as("the last node out stops the embedded database").isEmpty();
  }

  @Test
  @DisplayName("a second node joins the first: each lists both, with HTTP address, contexts and start time")
  void secondNodeJoins() throws Exception {
    try (NodeProcess second = startNode("second")) {
      for (NodeProcess node : List.of(first, second)) {
        JsonObject cluster = node.getJson("/cluster");
        assertThat(cluster.getInteger("size")).isEqualTo(2);
        assertThat(httpUrls(cluster)).containsExactlyInAnyOrder(first.baseUrl(), second.baseUrl());
        cluster.getJsonArray("members").forEach(m -> {
          JsonObject member = (JsonObject) m;
          assertThat(member.getString("nodeId")).isNotBlank();
          assertThat(member.getString("startedAt")).isNotBlank();
          assertThat(member.getJsonArray("contexts")).isNotNull();
        });
      }
      assertThat(second.output()).contains("(embedded, shared)").contains("cluster of 2 node(s)");
      assertThat(second.terminate(Duration.ofSeconds(30))).isZero();
    }
  }

  @Test
  @DisplayName("SIGTERM: the node exits 0 and the others drop it from /cluster at once")
  void sigtermLeavesTheCluster() throws Exception {
    NodeProcess leaving = startNode("leaving");
    awaitMembers(first, 2, Duration.ofSeconds(10));

    assertThat(leaving.terminate(Duration.ofSeconds(30))).isZero();

    Duration dropped = awaitMembers(first, 1, Duration.ofSeconds(5));
    System.out.printf("graceful leave seen by the other node after %d ms%n", dropped.toMillis());
    assertThat(httpUrls(first.getJson("/cluster"))).containsExactly(first.baseUrl());
  }

  @Test
  @DisplayName("kill -9: the others drop the dead node from /cluster within 15 s")
  void killedNodeIsDropped() throws Exception {
    NodeProcess doomed = startNode("doomed");
    awaitMembers(first, 2, Duration.ofSeconds(10));

    doomed.kill();

    Duration dropped = awaitMembers(first, 1, Duration.ofSeconds(15));
    System.out.printf("killed node dropped after %d ms%n", dropped.toMillis());
    assertThat(first.get("/ready").statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("a node answers /health, /ready and /metrics in their formats")
  void opsEndpoints() throws Exception {
    assertThat(first.getJson("/health").getString("status")).isEqualTo("UP");
    JsonObject ready = first.getJson("/ready");
    assertThat(ready.getString("status")).isEqualTo("READY");
    assertThat(ready.getJsonObject("checks").getMap()).containsOnlyKeys("cluster", "database", "contexts").allSatisfy((k, v) -> assertThat(v).isEqualTo("UP"));

    String metrics = first.get("/metrics").body();
    assertThat(metrics)
      .contains("# TYPE jvm_memory_used_bytes gauge")
      .contains("chorus_db_oldest_transaction_seconds")
      .contains("chorus_appends_committed_total{context=\"customers\"}")
      .contains("vertx_http_server_requests_total")
      .contains("vertx_eventbus_");

    var missing = first.get("/nowhere");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.headers().firstValue("Content-Type")).contains("application/problem+json");
  }

  @Test
  @DisplayName("a customer registered through one node reads back through another")
  void contextsServeOnEveryNode() throws Exception {
    try (NodeProcess second = startNode("reader")) {
      var created = first.post("/customers", "{\"email\": \"node@example.com\", \"name\": \"Node\"}");
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      String location = created.headers().firstValue("Location").orElseThrow();

      var read = second.get(location);

      assertThat(read.statusCode()).isEqualTo(200);
      assertThat(new JsonObject(read.body()).getString("email")).isEqualTo("node@example.com");
      assertThat(second.terminate(Duration.ofSeconds(30))).isZero();
    }
  }

  @Test
  @DisplayName("the parked command lists a cluster's parked events and names what it cannot do")
  void parkedCommand() throws Exception {
    NodeProcess list = NodeProcess.startRaw(work, "parked-list", "parked", "list", "--node", first.baseUrl());
    NodeProcess unknown = NodeProcess.startRaw(work, "parked-retry", "parked", "retry", "--node", first.baseUrl(),
      "--subscription", "promotions.registrations", "--event", "0b2c0c64-1b1f-4f7e-9a51-0d7d3c0f5e01");
    NodeProcess incomplete = NodeProcess.startRaw(work, "parked-usage", "parked", "skip", "--node", first.baseUrl());

    assertThat(list.awaitExit(Duration.ofSeconds(30))).as(list.output()).isZero();
    assertThat(list.output()).contains("no parked events");
    assertThat(unknown.awaitExit(Duration.ofSeconds(30))).isEqualTo(1);
    assertThat(unknown.output()).contains("chorus: the node answered 404: no parked event 0b2c0c64-1b1f-4f7e-9a51-0d7d3c0f5e01");
    assertThat(incomplete.awaitExit(Duration.ofSeconds(30))).isEqualTo(2);
    assertThat(incomplete.output()).contains("parked: --subscription is required");
  }

  private NodeProcess startNode(String name) {
    return NodeProcess.start(work, name, "--cluster-config", clusterConfig.toString()).awaitReady(START);
  }

  private static Duration awaitMembers(NodeProcess node, int size, Duration timeout) {
    return Poll.until(timeout, () -> node.getJson("/cluster").getInteger("size") == size,
      () -> "cluster never reached " + size + " members: " + describe(node));
  }

  private static String describe(NodeProcess node) {
    try {
      return node.getJson("/cluster").encodePrettily();
    } catch (Exception e) {
      return e.toString();
    }
  }

  private static List<String> httpUrls(JsonObject cluster) {
    JsonArray members = cluster.getJsonArray("members");
    return members.stream().map(m -> ((JsonObject) m).getString("httpUrl")).collect(Collectors.toList());
  }
}
