package dev.chorus.launcher;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Who a node serves and whom it trusts.
 *
 * @param httpHost   the address its HTTP port listens on
 * @param auth       how requests are authenticated
 * @param jwtKey     the key that checks tokens ({@code --auth jwt}); empty for the data directory's
 * @param clusterTls the directory of the certificates its event bus uses; empty for a plain event bus
 */
record NodeSecurity(String httpHost, Auth auth, Optional<Path> jwtKey, Optional<Path> clusterTls) {

  static final String DEFAULT_HTTP_HOST = "127.0.0.1";

  enum Auth {
    /** Every request trusted: HTTP serves this machine only. */
    LOCAL,
    /** Every request but the open ones carries a bearer token, checked by role and customer. */
    JWT
  }

  static NodeSecurity defaults() {
    return new NodeSecurity(DEFAULT_HTTP_HOST, Auth.LOCAL, Optional.empty(), Optional.empty());
  }

  /** Whether {@code host} is an address of this machine only (a loopback address, or a name that resolves to one). */
  static boolean loopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      throw new UsageException("no address for the host '" + host + "'");
    }
  }

  /** Where a node keeps the key that signs tokens unless {@code --jwt-key} names one. */
  static Path defaultJwtKey(Path dataDir) {
    return dataDir.resolve("jwt.key");
  }
}
