package dev.chorus.launcher;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bundled cluster configuration, as a new user meets it: nodes of one data directory (one database) join each
 * other with no configuration, and a node of another data directory on the same machine stays apart instead of
 * joining them and being refused.
 */
class DefaultClusterIT {

  private static final Duration START = Duration.ofSeconds(90);

  @TempDir
  Path work;

  @Test
  @DisplayName("two unrelated nodes on one machine both start, each a cluster of its own; a second node of the first's database joins it")
  void unrelatedNodesStayApart() throws Exception {
    try (NodeProcess tutorial = node("tutorial", "tutorial-data");
         NodeProcess other = node("other", "other-data")) {
      tutorial.awaitReady(START);
      other.awaitReady(START);
      try (NodeProcess second = node("tutorial-2", "tutorial-data").awaitReady(START)) {
        assertThat(tutorial.getJson("/cluster").getInteger("size")).as("the tutorial's cluster").isEqualTo(2);
        assertThat(second.getJson("/cluster").getInteger("size")).isEqualTo(2);
        assertThat(other.getJson("/cluster").getInteger("size")).as("the other node's cluster").isEqualTo(1);
        for (NodeProcess node : List.of(tutorial, other, second)) {
          assertThat(node.output()).as(node + ": the other cluster is not a fault").doesNotContain("different cluster");
        }
        assertThat(second.terminate(Duration.ofSeconds(30))).isZero();
      }
      assertThat(tutorial.terminate(Duration.ofSeconds(30))).isZero();
      assertThat(other.terminate(Duration.ofSeconds(30))).isZero();
    } finally {
      for (String dataDir : new String[] {"tutorial-data", "other-data"}) {
        Optional<RunningPostgres> leftover = RunningPostgres.find(work.resolve(dataDir).resolve("postgres"));
        if (leftover.isPresent()) {
          EmbeddedDatabase.stop(leftover.get());
        }
      }
    }
  }

  private NodeProcess node(String name, String dataDir) {
    return NodeProcess.start(work, name, "--data-dir", work.resolve(dataDir).toString(), "--contexts", "customers");
  }
}
