package dev.chorus.launcher;

import dev.chorus.platform.db.DatabaseUrl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An embedded data directory made when its server trusted every local connection: the first start after that locks it
 * — the superuser gets the generated password and every {@code trust} line of {@code pg_hba.conf} asks for it.
 */
final class TrustingServer {

  private static final Pattern TRUST = Pattern.compile("^\\s*[^#\\s].*\\strust\\s*$");
  private static final Pattern SAFE_PASSWORD = Pattern.compile("[A-Za-z0-9_-]+");

  private TrustingServer() {
  }

  /** Whether the server of {@code pgData} trusts some connections. */
  static boolean was(Path pgData) throws IOException {
    Path hba = pgData.resolve("pg_hba.conf");
    return Files.exists(hba) && Files.readAllLines(hba).stream().anyMatch(line -> TRUST.matcher(line).matches());
  }

  /** Gives the superuser {@code admin}'s password and asks for it from every connection, on the running server. */
  static void lock(Path pgData, DatabaseUrl admin) throws IOException {
    if (!SAFE_PASSWORD.matcher(admin.password()).matches()) {
      throw new IOException("the generated password has unexpected characters");
    }
    Path hba = pgData.resolve("pg_hba.conf");
    List<String> locked = Files.readAllLines(hba).stream()
      .map(line -> TRUST.matcher(line).matches() ? line.replaceFirst("trust\\s*$", "scram-sha-256") : line)
      .toList();
    try (Connection connection = DriverManager.getConnection(admin.jdbcUrl(), admin.jdbcProperties());
         Statement statement = connection.createStatement()) {
      statement.execute("set password_encryption = 'scram-sha-256'");
      statement.execute("alter role postgres password '" + admin.password() + "'");
      Files.write(hba, locked);
      statement.execute("select pg_reload_conf()");
    } catch (SQLException e) {
      throw new IOException("could not lock the embedded PostgreSQL with a password: " + e.getMessage(), e);
    }
  }
}
