package dev.chorus.launcher;

import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.net.PemKeyCertOptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClusterCertificatesTest {

  @TempDir
  Path dir;

  @Test
  @DisplayName("init makes a CA and a directory per node whose certificate the CA signed, keys readable by their owner only")
  void init() throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    assertThat(ClusterTlsCommand.run(new PrintStream(printed, true, StandardCharsets.UTF_8), "init", dir.toString(), "--nodes", "2")).isZero();

    X509Certificate ca = certificate(dir.resolve("ca.pem"));
    for (String node : new String[] {"node-1", "node-2"}) {
      X509Certificate certificate = certificate(dir.resolve(node).resolve("node.pem"));
      certificate.verify(ca.getPublicKey());
      assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=" + node);
      assertThat(certificate.getBasicConstraints()).isEqualTo(-1);
      assertThat(certificate.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
      assertThat(Files.getPosixFilePermissions(dir.resolve(node).resolve("node-key.pem"))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
      ClusterTls.check(dir.resolve(node));
    }
    assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
    assertThat(Files.getPosixFilePermissions(dir.resolve("ca-key.pem"))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(printed.toString(StandardCharsets.UTF_8)).contains("--cluster-tls " + dir.resolve("node-2"));
  }

  @Test
  @DisplayName("add signs one more node with the same CA; init refuses to replace a CA")
  void addAndRefuseReplacing() throws Exception {
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    ClusterTlsCommand.run(quiet, "init", dir.toString(), "--nodes", "1");

    assertThat(ClusterTlsCommand.run(quiet, "add", dir.toString(), "node-4")).isZero();
    certificate(dir.resolve("node-4/node.pem")).verify(certificate(dir.resolve("ca.pem")).getPublicKey());
    assertThatThrownBy(() -> ClusterTlsCommand.run(quiet, "init", dir.toString())).hasMessageContaining("holds a CA already");
    assertThatThrownBy(() -> ClusterTlsCommand.run(quiet, "add", dir.toString(), "node-4")).hasMessageContaining("holds a node certificate already");
    assertThatThrownBy(() -> ClusterTlsCommand.run(quiet, "add", dir.toString(), "../escape")).hasMessageContaining("a node's NAME is letters");
  }

  @Test
  @DisplayName("the event bus takes a node's directory: mutual TLS, checked against the cluster's CA only")
  void eventBusOptions() throws Exception {
    ClusterTlsCommand.run(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), "init", dir.toString(), "--nodes", "1");
    EventBusOptions options = new EventBusOptions();
    ClusterTls.apply(options, dir.resolve("node-1"));

    assertThat(options.isSsl()).isTrue();
    assertThat(options.isTrustAll()).isFalse();
    assertThat(options.getClientAuth()).hasToString("REQUIRED");
    assertThat(((PemKeyCertOptions) options.getKeyCertOptions()).getKeyPath()).endsWith("node-key.pem");
    Files.setPosixFilePermissions(dir.resolve("node-1/node-key.pem"), PosixFilePermissions.fromString("rw-r--r--"));
    assertThatThrownBy(() -> ClusterTls.check(dir.resolve("node-1"))).hasMessageContaining("may be read by other users");
  }

  private static X509Certificate certificate(Path pem) throws Exception {
    try (InputStream in = Files.newInputStream(pem)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }
}
