package dev.chorus.launcher;

import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code --cluster-tls DIR}: the event bus between nodes speaks TLS, and each end shows a certificate of the cluster's
 * CA — a process without one can neither send a message to a node nor receive one from it. Certificates are checked
 * against the CA only, not against host names: a node's certificate is valid wherever it runs.
 */
final class ClusterTls {

  static final String CA = "ca.pem";
  static final String CERTIFICATE = "node.pem";
  static final String KEY = "node-key.pem";

  private ClusterTls() {
  }

  /** Checks that {@code dir} holds what a node needs, its key readable by its owner only. */
  static void check(Path dir) {
    List<String> missing = List.of(CA, CERTIFICATE, KEY).stream().filter(name -> !Files.isReadable(dir.resolve(name))).toList();
    if (!missing.isEmpty()) {
      throw new UsageException("--cluster-tls: " + dir + " lacks " + String.join(", ", missing)
        + " (make a CA and node certificates with: java -jar chorus.jar cluster-tls init DIR)");
    }
    try {
      SecretFile.checkOwnerOnly(dir.resolve(KEY));
    } catch (IOException e) {
      throw new UsageException("--cluster-tls: cannot read " + dir.resolve(KEY) + " (" + e.getMessage() + ")");
    } catch (UsageException e) {
      throw new UsageException("--cluster-tls: " + e.getMessage());
    }
  }

  /** Mutual TLS on the event bus, with the certificates of {@code dir}. */
  static void apply(EventBusOptions options, Path dir) {
    options.setSsl(true)
      .setKeyCertOptions(new PemKeyCertOptions().setCertPath(dir.resolve(CERTIFICATE).toString()).setKeyPath(dir.resolve(KEY).toString()))
      .setTrustOptions(new PemTrustOptions().addCertPath(dir.resolve(CA).toString()))
      .setTrustAll(false)
      .setClientAuth(ClientAuth.REQUIRED);
  }
}
