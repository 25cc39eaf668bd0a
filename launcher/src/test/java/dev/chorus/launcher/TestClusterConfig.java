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
import java.util.List;
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
    int base = freeRange();
    List<String> members = IntStream.range(base, base + PORTS).mapToObj(port -> "127.0.0.1:" + port).toList();
    String xml = shipped(ClusterConfigLoader.BUNDLED, members).replace(">5701</port>", ">" + base + "</port>");
    try {
      return Files.writeString(dir.resolve("cluster.xml"), xml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A shipped configuration ({@code cluster-config/...}) with a cluster name of its own and {@code members} as its TCP-IP members. */
  static String shipped(String resource, List<String> members) {
    try (InputStream shipped = TestClusterConfig.class.getClassLoader().getResourceAsStream(resource)) {
      String list = members.stream().map(member -> "<member>" + member + "</member>").collect(Collectors.joining("\n        "));
      return new String(shipped.readAllBytes(), StandardCharsets.UTF_8)
        .replace("<cluster-name>chorus</cluster-name>", "<cluster-name>chorus-test-" + UUID.randomUUID() + "</cluster-name>")
        .replaceAll("(?s)<member>.*</member>", list);
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
