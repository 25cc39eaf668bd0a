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
 * Makes the node's database ready before any context uses it: starts or attaches to the embedded server, or checks
 * that the external one answers, and learns which database it is; then migrates every hosted context's schema.
 * Runs on its own thread, alongside the cluster join.
 *
 * @param identity which database the node uses, known as soon as it answers (before the migrations)
 * @param ready    the database, migrated
 */
record DatabaseProvisioner(CompletableFuture<DatabaseIdentity> identity, CompletableFuture<ProvisionedDatabase> ready) {

  private static final int CONNECT_TIMEOUT_SECONDS = 10;

  /** Provisions the database and migrates {@code contexts}, whose migrations {@code loader} finds. */
  static DatabaseProvisioner provision(NodeConfig config, List<String> contexts, ClassLoader loader) {
    DatabaseProvisioner provisioning = new DatabaseProvisioner(new CompletableFuture<>(), new CompletableFuture<>());
    Thread thread = new Thread(() -> {
      try {
        provisioning.ready.complete(provisioning.provisionBlocking(config, contexts, loader));
      } catch (Throwable t) {
        provisioning.identity.completeExceptionally(t);
        provisioning.ready.completeExceptionally(t);
      }
    }, "chorus-database-provisioning");
    thread.setDaemon(true);
    thread.start();
    return provisioning;
  }

  private ProvisionedDatabase provisionBlocking(NodeConfig config, List<String> contexts, ClassLoader loader) {
    Optional<EmbeddedDatabase> embedded = Optional.empty();
    DatabaseIdentity known;
    if (config.database() instanceof DatabaseChoice.External external) {
      known = identify(external.url(), "cannot reach PostgreSQL at " + external.url(),
        " (is the server running, and are the host, port, user and password in --db right?)");
    } else {
      try {
        embedded = Optional.of(EmbeddedDatabase.startOrAttach(config.dataDir()));
      } catch (IOException | RuntimeException e) {
        throw new StartupFailure("cannot start the embedded PostgreSQL in '" + config.dataDir().resolve("postgres")
          + "': " + StartupFailure.describe(e) + " (see " + config.dataDir().resolve("postgres.log") + ", or use --db URL)", e);
      }
      try {
        known = identify(embedded.get().url(), "the embedded PostgreSQL in '" + config.dataDir().resolve("postgres") + "' does not answer", "");
      } catch (StartupFailure e) {
        embedded.get().close();
        throw e;
      }
    }
    identity.complete(known);
    try {
      int applied = new SchemaMigrations(known.url(), loader).migrate(contexts);
      return new ProvisionedDatabase(known, embedded, applied);
    } catch (SQLException | RuntimeException e) {
      embedded.ifPresent(EmbeddedDatabase::close);
      throw new StartupFailure("cannot migrate the database " + known.url() + ": " + StartupFailure.describe(e), e);
    }
  }

  /** Connects once (in a bounded time): the credentials work and the database is known. */
  private static DatabaseIdentity identify(DatabaseUrl url, String failure, String hint) {
    Properties properties = url.jdbcProperties();
    properties.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
    properties.setProperty("loginTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
    try (Connection connection = DriverManager.getConnection(url.jdbcUrl(), properties)) {
      return DatabaseIdentity.of(connection, url);
    } catch (SQLException e) {
      throw new StartupFailure(failure + ": " + StartupFailure.describe(e) + hint, e);
    }
  }
}
