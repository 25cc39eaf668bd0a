package dev.chorus.launcher;

import dev.chorus.platform.db.DatabaseUrl;
import dev.chorus.platform.db.EmbeddedPostgresBinaries;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL server of the test's own, as a node meets one in production: the user {@value #USER} may connect
 * only over TLS and with its password (a self-signed certificate made with the JDK's keytool). The superuser
 * connects without TLS, to set databases up and to look at the server's side of the connections.
 */
final class TlsPostgres implements AutoCloseable {

  static final String USER = "chorus";
  private static final String PASSWORD = "secret";
  private static final String STORE_PASSWORD = "changeit";
  private static final String HBA = """
    # type    database  user      address        method
    hostssl   all       chorus    127.0.0.1/32   scram-sha-256
    host      all       postgres  127.0.0.1/32   trust
    host      all       postgres  ::1/128        trust
    """;

  private final EmbeddedPostgres server;

  private TlsPostgres(EmbeddedPostgres server) {
    this.server = server;
  }

  /** Starts the server; its certificate and key are made in {@code dir}. */
  static TlsPostgres start(Path dir) {
    try {
      Path keyStore = selfSignedKeyStore(dir);
      File binaries = EmbeddedPostgresBinaries.directory();
      EmbeddedPostgres server = EmbeddedPostgres.builder()
        .setOverrideWorkingDirectory(binaries)
        .setServerConfig("ssl", "on")
        .setServerConfig("max_connections", "300")
        .setDataDirectoryCustomizer(pgData -> secure(pgData, keyStore))
        .start();
      TlsPostgres postgres = new TlsPostgres(server);
      postgres.execute("postgres", "create role " + USER + " login password '" + PASSWORD + "'");
      return postgres;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start a PostgreSQL with TLS for the test", e);
    }
  }

  /** A new, empty database owned by {@value #USER}; returns its name. */
  String createDatabase() {
    String name = "chorus_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
    execute("postgres", "create database " + name + " owner " + USER);
    return name;
  }

  /** What a node is given: {@code --db postgresql://chorus:secret@127.0.0.1:PORT/DATABASE?sslmode=require}. */
  String nodeUrl(String database) {
    return "postgresql://" + USER + ":" + PASSWORD + "@127.0.0.1:" + server.getPort() + "/" + database + "?sslmode=require";
  }

  /** The superuser's connection to {@code database}, without TLS. */
  Connection superuser(String database) throws SQLException {
    DatabaseUrl admin = DatabaseUrl.local(server.getPort(), database);
    return DriverManager.getConnection(admin.jdbcUrl(), admin.jdbcProperties());
  }

  private void execute(String database, String sql) {
    try (Connection connection = superuser(database); Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }

  /** Writes the server's certificate, its key (mode 0600, as PostgreSQL demands) and the client rules above. */
  private static void secure(File pgData, Path keyStore) {
    try (InputStream in = Files.newInputStream(keyStore)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, STORE_PASSWORD.toCharArray());
      Key key = store.getKey("server", STORE_PASSWORD.toCharArray());
      Path keyFile = pgData.toPath().resolve("server.key");
      Files.writeString(keyFile, pem("PRIVATE KEY", key.getEncoded()));
      Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
      Files.writeString(pgData.toPath().resolve("server.crt"), pem("CERTIFICATE", store.getCertificate("server").getEncoded()));
      Files.writeString(pgData.toPath().resolve("pg_hba.conf"), HBA);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot install the server's certificate", e);
    }
  }

  private static Path selfSignedKeyStore(Path dir) throws IOException {
    Path keyStore = dir.resolve("server.p12");
    Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
      "-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-validity", "7",
      "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-storetype", "PKCS12",
      "-keystore", keyStore.toString(), "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD)
      .redirectErrorStream(true).start();
    try {
      String output = new String(keytool.getInputStream().readAllBytes());
      if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
        throw new IOException("keytool failed: " + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while making a certificate", e);
    }
    return keyStore;
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
      + "\n-----END " + type + "-----\n";
  }
}
