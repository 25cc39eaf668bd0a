package dev.chorus.launcher;

import dev.chorus.platform.db.DatabaseUrl;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;

/**
 * Which database a node uses, whatever address reaches it: its server's system identifier (one per {@code initdb})
 * and the database's name.
 *
 * @param text  {@code <system identifier>/<database>}
 * @param url   how this node reaches it (without its password)
 */
record DatabaseIdentity(String text, DatabaseUrl url) {

  private static final String QUERY = "select (select system_identifier::text from pg_control_system()) || '/' || current_database()";
  private static final int CLUSTER_NAME_HEX_DIGITS = 16;

  /** The identity of the database {@code connection} is connected to, which {@code url} names. */
  static DatabaseIdentity of(Connection connection, DatabaseUrl url) throws SQLException {
    try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(QUERY)) {
      row.next();
      return new DatabaseIdentity(row.getString(1), url);
    }
  }

  /**
   * The name of the cluster a node joins with the bundled configuration: the same for every node of this database,
   * another for every other database, so that unrelated nodes on one machine stay apart without any configuration.
   */
  String clusterName() {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return "chorus-" + HexFormat.of().formatHex(digest).substring(0, CLUSTER_NAME_HEX_DIGITS);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
