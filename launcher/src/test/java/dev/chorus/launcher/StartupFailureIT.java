package dev.chorus.launcher;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad input stops the node with one clear line on the console and a non-zero status; no stack traces. */
class StartupFailureIT {

  @TempDir
  Path work;

  @Test
  @DisplayName("an unknown option")
  void unknownOption() throws Exception {
    assertRefused(NodeProcess.startRaw(work, "unknown", "--http-prot", "8080"), "unknown option '--http-prot'; did you mean --http-port?");
  }

  @Test
  @DisplayName("a malformed --db URL")
  void malformedDatabaseUrl() throws Exception {
    assertRefused(NodeProcess.startRaw(work, "bad-url", "--db", "postgresql//localhost"), "--db must be 'embedded' or a postgresql://");
  }

  @Test
  @DisplayName("a connection budget too small for the hosted contexts: refused with what it needs")
  void connectionBudgetTooSmall() throws Exception {
    assertRefused(NodeProcess.startRaw(work, "small-budget", "--db-connections", "4", "--contexts", "customers,promotions"),
      "--db-connections 4 is too few for 2 context(s) on one server: a node needs 1 per database + 2 per hosted context there (5)");
  }

  @Test
  @DisplayName("a setting for no context, an unknown setting, a bad value")
  void badSettings() throws Exception {
    assertRefused(NodeProcess.startRaw(work, "set-context", "--set", "nowhere.deadline=PT5S"), "--set: no context named 'nowhere'");
    assertRefused(NodeProcess.startRaw(work, "set-key", "--set", "orders.timeout=PT5S"), "--set: orders has no setting 'timeout' (it has: deadline, target-latency)");
    assertRefused(NodeProcess.startRaw(work, "set-value", "--set", "orders.deadline=10s"),
      "orders.deadline: '10s' is not a positive ISO-8601 duration");
  }

  @Test
  @DisplayName("an unreadable cluster configuration")
  void unreadableClusterConfig() throws Exception {
    Path broken = Files.writeString(work.resolve("broken.xml"), "<hazelcast>");
    assertRefused(NodeProcess.startRaw(work, "no-config", "--cluster-config", "missing.xml"), "--cluster-config: cannot read 'missing.xml'");
    assertRefused(NodeProcess.startRaw(work, "broken-config", "--cluster-config", broken.toString()), "is not well-formed XML");
  }

  @Test
  @DisplayName("an HTTP port already in use")
  void portInUse() throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(0));
      assertRefused(NodeProcess.startRaw(work, "port", "--http-port", Integer.toString(taken.getLocalPort())),
        "HTTP port " + taken.getLocalPort() + " is already in use");
    }
  }

  @Test
  @DisplayName("an unreachable database")
  void unreachableDatabase() throws Exception {
    int closedPort = NodeProcess.freePort();
    Path clusterConfig = TestClusterConfig.write(work);
    assertRefused(NodeProcess.startRaw(work, "no-db", "--http-port", Integer.toString(NodeProcess.freePort()),
        "--cluster-config", clusterConfig.toString(), "--db", "postgresql://app:secret@127.0.0.1:" + closedPort + "/shop"),
      "cannot reach PostgreSQL at postgresql://app@127.0.0.1:" + closedPort + "/shop");
  }

  @Test
  @DisplayName("HTTP on an address other machines reach, without --auth jwt")
  void exposedWithoutTokens() throws Exception {
    assertRefused(NodeProcess.startRaw(work, "exposed", "--http-host", "0.0.0.0"),
      "--http-host 0.0.0.0 serves other machines, and --auth local trusts every request: add --auth jwt");
  }

  @Test
  @DisplayName("--auth jwt on a cluster other machines may join, without --cluster-tls; --cluster-tls without its certificates")
  void tokensNeedAnEncryptedCluster() throws Exception {
    Path open = Files.writeString(work.resolve("open.xml"), Files.readString(TestClusterConfig.write(work))
      .replace("<interface>127.0.0.1</interface>", "<interface>10.*.*.*</interface>"));
    assertRefused(NodeProcess.startRaw(work, "plain-jwt", "--auth", "jwt", "--cluster-config", open.toString()),
      "--auth jwt needs --cluster-tls DIR: the cluster configuration lets processes of other machines join");
    Files.createDirectories(work.resolve("empty-tls"));
    assertRefused(NodeProcess.startRaw(work, "no-certificates", "--cluster-tls", "empty-tls"),
      "--cluster-tls: empty-tls lacks ca.pem, node.pem, node-key.pem");
  }

  @Test
  @DisplayName("a database password file that others may read; a malformed URL with a password, which is not shown")
  void exposedDatabasePassword() throws Exception {
    Path file = Files.writeString(work.resolve("db-password"), "secret");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    assertRefused(NodeProcess.startRaw(work, "readable-password", "--db", "postgresql://app@db.example/shop", "--db-password-file",
      file.toString()), "--db-password-file: " + file + " may be read by other users (mode rw-r--r--): chmod 600");
    assertRefused(NodeProcess.startRaw(work, "bad-url-password", "--db", "postgresql://app:secret@db.example:port/shop"),
      "--db must be 'embedded' or a postgresql://");
  }

  private static void assertRefused(NodeProcess node, String expected) throws InterruptedException {
    int status = node.awaitExit(Duration.ofSeconds(60));
    String output = node.output();
    List<String> complaints = output.lines().filter(line -> line.startsWith("chorus: ")).toList();

    assertThat(status).as(output).isNotZero();
    assertThat(complaints).as(output).hasSize(1);
    assertThat(complaints.get(0)).contains(expected).doesNotContain("secret");
    assertThat(output).as("no stack trace").doesNotContain("\tat ").doesNotContain("Exception in thread");
  }
}
