package dev.chorus.launcher;

import dev.chorus.platform.db.DatabaseUrl;
import dev.chorus.platform.db.SchemaMigrations;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;

/**
 * Makes the node's databases ready before any context uses them: starts or attaches to the embedded server, or checks
 * that each external one answers, and learns which database each is; then migrates the schema of every hosted context
 * in its database. Runs on its own thread, alongside the cluster join.
 *
 * @param identity which database is the node's default, known as soon as it answers (before the others and the
 *                 migrations): it names the cluster of the bundled configuration
 * @param ready    every database, migrated
 */
record DatabaseProvisioner(CompletableFuture<DatabaseIdentity> identity, CompletableFuture<ProvisionedDatabases> ready) {

  private static final int CONNECT_TIMEOUT_SECONDS = 10;

  /** Provisions the databases of {@code layout} and migrates the contexts each holds, whose migrations {@code loader} finds. */
  static DatabaseProvisioner provision(Path dataDir, DatabaseLayout layout, ClassLoader loader) {
    DatabaseProvisioner provisioning = new DatabaseProvisioner(new CompletableFuture<>(), new CompletableFuture<>());
    Thread thread = new Thread(() -> {
      try {
        provisioning.ready.complete(provisioning.provisionBlocking(dataDir, layout, loader));
      } catch (Throwable t) {
        provisioning.identity.completeExceptionally(t);
        provisioning.ready.completeExceptionally(t);
      }
    }, "chorus-database-provisioning");
    thread.setDaemon(true);
    thread.start();
    return provisioning;
  }

  private ProvisionedDatabases provisionBlocking(Path dataDir, DatabaseLayout layout, ClassLoader loader) {
    Map<DatabaseChoice, ProvisionedDatabase> reached = new LinkedHashMap<>();
    try {
      for (DatabaseChoice choice : layout.placed().keySet()) {
        reached.put(choice, reach(choice, dataDir));
        // the default database comes first: the join waits for it alone
        identity.complete(reached.values().iterator().next().identity());
      }
      layout.placed().forEach((choice, contexts) -> migrate(reached.get(choice), contexts, loader));
      return new ProvisionedDatabases(reached);
    } catch (RuntimeException e) {
      reached.values().forEach(db -> db.embedded().ifPresent(EmbeddedDatabase::close));
      throw e;
    }
  }

  private static ProvisionedDatabase reach(DatabaseChoice choice, Path dataDir) {
    if (choice instanceof DatabaseChoice.External external) {
      return new ProvisionedDatabase(identify(external.url(), "cannot reach PostgreSQL at " + external.url(),
        " (is the server running, and are the host, port, user and password in --db right?)"), Optional.empty());
    }
    EmbeddedDatabase embedded;
    try {
      embedded = EmbeddedDatabase.startOrAttach(dataDir);
    } catch (IOException | RuntimeException e) {
      throw new StartupFailure("cannot start the embedded PostgreSQL in '" + dataDir.resolve("postgres")
        + "': " + StartupFailure.describe(e) + " (see " + dataDir.resolve("postgres.log") + ", or use --db URL)", e);
    }
    try {
      return new ProvisionedDatabase(identify(embedded.url(), "the embedded PostgreSQL in '" + dataDir.resolve("postgres") + "' does not answer", ""),
        Optional.of(embedded));
    } catch (StartupFailure e) {
      embedded.close();
      throw e;
    }
  }

  private static void migrate(ProvisionedDatabase database, List<String> contexts, ClassLoader loader) {
    try {
      new SchemaMigrations(database.url(), loader).migrate(contexts);
    } catch (SQLException | RuntimeException e) {
      throw new StartupFailure("cannot migrate the database " + database.url() + ": " + StartupFailure.describe(e), e);
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
