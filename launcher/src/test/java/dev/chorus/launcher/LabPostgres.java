package dev.chorus.launcher;

import dev.chorus.platform.db.DatabaseUrl;
import dev.chorus.platform.db.EmbeddedPostgresBinaries;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * The database server of a {@link NetworkLab}: a PostgreSQL of the test's own on this machine, listening on the lab's
 * database address, where the role {@value #USER} logs in with a password from the lab's hosts only — as a node meets
 * a database server on another machine.
 */
final class LabPostgres implements AutoCloseable {

  static final String USER = "chorus";
  static final String DATABASE = "chorus";

  private final EmbeddedPostgres server;
  private final String address;
  private final String password = UUID.randomUUID().toString();

  private LabPostgres(EmbeddedPostgres server, String address) {
    this.server = server;
    this.address = address;
  }

  static LabPostgres start(NetworkLab lab) {
    try {
      File binaries = EmbeddedPostgresBinaries.directory();
      EmbeddedPostgres server = EmbeddedPostgres.builder()
        .setOverrideWorkingDirectory(binaries)
        .setServerConfig("listen_addresses", "localhost," + lab.databaseAddress())
        .setServerConfig("max_connections", "300")
        .setDataDirectoryCustomizer(data -> allowLab(data.toPath().resolve("pg_hba.conf"), lab.network()))
        .start();
      LabPostgres postgres = new LabPostgres(server, lab.databaseAddress());
      postgres.execute("postgres", "create role " + USER + " login password '" + postgres.password + "'");
      postgres.execute("postgres", "create database " + DATABASE + " owner " + USER);
      return postgres;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the lab's PostgreSQL", e);
    }
  }

  /** What a node on a lab host is given with {@code --db}; the password travels apart, in {@link #password()}. */
  String nodeUrl() {
    return "postgresql://" + USER + "@" + address + ":" + server.getPort() + "/" + DATABASE;
  }

  String password() {
    return password;
  }

  /** The test's own view of the nodes' database (from this machine, as the superuser). */
  DatabaseUrl audit() {
    return DatabaseUrl.local(server.getPort(), DATABASE);
  }

  private void execute(String database, String sql) {
    DatabaseUrl admin = DatabaseUrl.local(server.getPort(), database);
    try (Connection connection = DriverManager.getConnection(admin.jdbcUrl(), admin.jdbcProperties());
         Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  private static void allowLab(java.nio.file.Path hba, String network) {
    try {
      Files.writeString(hba, "host all " + USER + " " + network + " scram-sha-256\n", StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
