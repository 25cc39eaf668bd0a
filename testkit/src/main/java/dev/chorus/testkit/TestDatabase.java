package dev.chorus.testkit;

import dev.chorus.platform.db.DatabaseUrl;
import dev.chorus.platform.db.EmbeddedPostgresBinaries;
import dev.chorus.platform.db.SchemaMigrations;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The PostgreSQL server of a test JVM: the one named by {@code CHORUS_TEST_DB} (a postgresql:// URL), or an
 * embedded server started once and stopped when the JVM exits. Each test gets a fresh database on it.
 */
public final class TestDatabase {

  /**
   * Each test database's migrations, reported line by line at INFO, drown a test run's output; where no SLF4J
   * binding takes them (a context's own project), they go to java.util.logging, whose level is raised here. Held, so
   * that the setting is not collected with the logger.
   */
  private static final Logger MIGRATION_LOG = quiet(Logger.getLogger("org.flywaydb"));

  private static DatabaseUrl server;

  private TestDatabase() {
  }

  public static synchronized DatabaseUrl server() {
    if (server == null) {
      String given = System.getenv("CHORUS_TEST_DB");
      server = given != null && !given.isBlank() ? DatabaseUrl.parse(given) : startEmbedded();
    }
    return server;
  }

  /** A new, empty database on the test server, with the kernel and read models migrated into the given schemas. */
  public static DatabaseUrl fresh(String... schemas) {
    DatabaseUrl admin = server();
    String name = "test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
    try (Connection connection = DriverManager.getConnection(admin.jdbcUrl(), admin.jdbcProperties());
         Statement statement = connection.createStatement()) {
      statement.execute("create database " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create a test database on " + admin, e);
    }
    DatabaseUrl url = admin.withDatabase(name);
    try {
      new SchemaMigrations(url).migrate(List.of(schemas));
    } catch (SQLException e) {
      throw new IllegalStateException("cannot migrate " + url, e);
    }
    return url;
  }

  private static Logger quiet(Logger logger) {
    logger.setLevel(Level.WARNING);
    return logger;
  }

  private static DatabaseUrl startEmbedded() {
    try {
      File binaries = EmbeddedPostgresBinaries.directory();
      EmbeddedPostgres postgres = EmbeddedPostgres.builder()
        .setOverrideWorkingDirectory(binaries)
        .setServerConfig("max_connections", "300")
        .setServerConfig("fsync", "on")
        .start();
      return DatabaseUrl.local(postgres.getPort(), "postgres");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start an embedded PostgreSQL for the tests", e);
    }
  }
}
