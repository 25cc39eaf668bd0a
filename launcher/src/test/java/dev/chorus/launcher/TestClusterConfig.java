package dev.chorus.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The bundled loopback configuration with a cluster name and ports of its own,
 * so that the nodes of one test never meet another test's nodes (or a developer's) on the same machine: members
 * of two clusters that share a port range slow each other's join down.
 */
final class TestClusterConfig {

  private static final int PORTS = 10;

  private TestClusterConfig() {
  }

  static Path write(Path dir) {
    try (InputStream bundled = TestClusterConfig.class.getClassLoader().getResourceAsStream(ClusterConfigLoader.BUNDLED)) {
      int base = freeRange();
      String members = IntStream.range(base, base + PORTS)
        .mapToObj(port -> "<member>127.0.0.1:" + port + "</member>")
        .collect(Collectors.joining("\n        "));
      String xml = new String(bundled.readAllBytes(), StandardCharsets.UTF_8)
        .replace("<cluster-name>chorus</cluster-name>", "<cluster-name>chorus-test-" + UUID.randomUUID() + "</cluster-name>")
        .replace(">5701</port>", ">" + base + "</port>")
        .replaceAll("(?s)<member>.*</member>", members);
      return Files.writeString(dir.resolve("cluster.xml"), xml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The first of {@value #PORTS} consecutive ports that are free now. */
  private static int freeRange() {
    for (int attempt = 0; attempt < 100; attempt++) {
      int base = ThreadLocalRandom.current().nextInt(20_000, 40_000);
      if (IntStream.range(base, base + PORTS).allMatch(TestClusterConfig::free)) {
        return base;
      }
    }
    throw new IllegalStateException("no " + PORTS + " consecutive free ports found");
  }

  private static boolean free(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
