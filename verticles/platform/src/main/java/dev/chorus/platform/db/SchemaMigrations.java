package dev.chorus.platform.db;

import org.flywaydb.core.Flyway;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * Brings each context's schema up to date: first the kernel tables (the event log and its companions),
 * then the context's own read models, each with its own history so that the two evolve independently.
 * <p>
 * Blocking: call it from a worker thread. Nodes that start together take turns under one advisory lock,
 * so concurrent starts are safe.
 */
public final class SchemaMigrations {

  /** The advisory lock a node holds while it migrates (key "chorusM"); whoever holds it makes the others wait. */
  public static final long MIGRATION_LOCK = 0x63686f7275734dL;
  private static final String KERNEL_LOCATION = "classpath:sql/kernel";

  private final DatabaseUrl url;
  private final ClassLoader loader;

  /** Migrations of the contexts on this class path. */
  public SchemaMigrations(DatabaseUrl url) {
    this(url, SchemaMigrations.class.getClassLoader());
  }

  /** Migrations found through {@code contexts}: a loader that also sees contexts loaded from plugin jars. */
  public SchemaMigrations(DatabaseUrl url, ClassLoader contexts) {
    this.url = url;
    this.loader = contexts;
  }

  /** Migrates every given context schema; returns the number of migrations applied. */
  public int migrate(List<String> contexts) throws SQLException {
    try (Connection lockHolder = DriverManager.getConnection(url.jdbcUrl(), url.jdbcProperties())) {
      advisoryLock(lockHolder, "pg_advisory_lock");
      try {
        int applied = 0;
        for (String context : contexts) {
          applied += migrate(context, "kernel_schema_history", KERNEL_LOCATION);
          if (loader.getResource("sql/" + context) != null) {
            applied += migrate(context, "read_model_schema_history", "classpath:sql/" + context);
          }
        }
        return applied;
      } finally {
        advisoryLock(lockHolder, "pg_advisory_unlock");
      }
    }
  }

  private int migrate(String schema, String historyTable, String location) {
    return Flyway.configure(loader)
      .dataSource(url.jdbcUrl() + "?sslmode=" + url.sslMode().value + "&ApplicationName=chorus-migrations", url.user(), url.password())
      .schemas(schema)
      .createSchemas(true)
      .table(historyTable)
      // The schema is shared by two histories: the second finds the first's tables and starts from version 0.
      .baselineOnMigrate(true)
      .baselineVersion("0")
      .locations(location)
      .placeholders(Map.of("schema", schema))
      .load()
      .migrate()
      .migrationsExecuted;
  }

  private static void advisoryLock(Connection connection, String function) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement("select " + function + "(?)")) {
      statement.setLong(1, MIGRATION_LOCK);
      statement.execute();
    }
  }
}
