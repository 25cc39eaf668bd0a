package dev.chorus.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/** The cluster configuration of a benchmark's nodes. */
final class BenchCluster {

  private BenchCluster() {
  }

  /** The bundled loopback configuration, under a cluster name and ports of the benchmark's own. */
  static Path config(Path work) throws IOException {
    try (InputStream bundled = Files.newInputStream(Path.of("cluster-config", "loopback.xml"))) {
      String xml = new String(bundled.readAllBytes(), StandardCharsets.UTF_8)
        .replace("<cluster-name>chorus</cluster-name>", "<cluster-name>chorus-bench-" + UUID.randomUUID() + "</cluster-name>")
        .replace(">5701</port>", ">5801</port>")
        .replaceAll("127\\.0\\.0\\.1:57(\\d\\d)", "127.0.0.1:58$1");
      return Files.writeString(work.resolve("cluster.xml"), xml);
    }
  }
}
