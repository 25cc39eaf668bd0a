package dev.chorus.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * The bundled loopback configuration under a cluster name of its own, so that the nodes of one test
 * never join another test's nodes (or a developer's) running on the same machine.
 */
final class TestClusterConfig {

  private TestClusterConfig() {
  }

  static Path write(Path dir) {
    try (InputStream bundled = TestClusterConfig.class.getClassLoader().getResourceAsStream(ClusterConfigLoader.BUNDLED)) {
      String xml = new String(bundled.readAllBytes(), StandardCharsets.UTF_8)
        .replace("<cluster-name>chorus</cluster-name>", "<cluster-name>chorus-test-" + UUID.randomUUID() + "</cluster-name>");
      return Files.writeString(dir.resolve("cluster.xml"), xml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
