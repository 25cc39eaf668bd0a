package dev.chorus.launcher;

import dev.chorus.platform.db.DatabaseUrl;
import dev.chorus.platform.db.SchemaMigrations;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;

/**
 * Makes the node's database ready before any context uses it: starts or attaches to the embedded server,
 * or checks that the external one answers; then migrates every hosted context's schema.
 * Runs on its own thread, alongside the cluster join.
 */
final class DatabaseProvisioner {

  private static final int CONNECT_TIMEOUT_SECONDS = 10;

  private DatabaseProvisioner() {
  }

  /** Provisions the database and migrates {@code contexts}, whose migrations {@code loader} finds. */
  static CompletableFuture<ProvisionedDatabase> provision(NodeConfig config, List<String> contexts, ClassLoader loader) {
    CompletableFuture<ProvisionedDatabase> result = new CompletableFuture<>();
    Thread thread = new Thread(() -> {
      try {
        result.complete(provisionBlocking(config, contexts, loader));
      } catch (Throwable t) {
        result.completeExceptionally(t);
      }
    }, "chorus-database-provisioning");
    thread.setDaemon(true);
    thread.start();
    return result;
  }

  private static ProvisionedDatabase provisionBlocking(NodeConfig config, List<String> contexts, ClassLoader loader) {
    Optional<EmbeddedDatabase> embedded = Optional.empty();
    DatabaseUrl url;
    if (config.database() instanceof DatabaseChoice.External external) {
      url = external.url();
      checkReachable(url);
    } else {
      try {
        embedded = Optional.of(EmbeddedDatabase.startOrAttach(config.dataDir()));
      } catch (IOException | RuntimeException e) {
        throw new StartupFailure("cannot start the embedded PostgreSQL in '" + config.dataDir().resolve("postgres")
          + "': " + StartupFailure.describe(e) + " (see " + config.dataDir().resolve("postgres.log") + ", or use --db URL)", e);
      }
      url = embedded.get().url();
    }
    try {
      int applied = new SchemaMigrations(url, loader).migrate(contexts);
      return new ProvisionedDatabase(url, embedded, applied);
    } catch (SQLException | RuntimeException e) {
      embedded.ifPresent(EmbeddedDatabase::close);
      throw new StartupFailure("cannot migrate the database " + url + ": " + StartupFailure.describe(e), e);
    }
  }

  private static void checkReachable(DatabaseUrl url) {
    Properties properties = url.jdbcProperties();
    properties.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
    properties.setProperty("loginTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
    try (Connection ignored = DriverManager.getConnection(url.jdbcUrl(), properties)) {
      // reachable and the credentials work
    } catch (SQLException e) {
      throw new StartupFailure("cannot reach PostgreSQL at " + url + ": " + StartupFailure.describe(e)
        + " (is the server running, and are the host, port, user and password in --db right?)", e);
    }
  }
}
