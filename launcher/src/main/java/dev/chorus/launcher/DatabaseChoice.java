package dev.chorus.launcher;

import dev.chorus.platform.db.DatabaseUrl;

/** Which PostgreSQL a node uses: one it runs itself under the data directory, or an existing server. */
sealed interface DatabaseChoice {

  /** The server this database is on, as configured: its connection budget is shared by every database on it. */
  String server();

  record Embedded() implements DatabaseChoice {
    @Override
    public String server() {
      return "embedded";
    }

    @Override
    public String toString() {
      return "embedded";
    }
  }

  record External(DatabaseUrl url) implements DatabaseChoice {
    @Override
    public String server() {
      return url.host() + ":" + url.port();
    }

    @Override
    public String toString() {
      return url.toString();
    }
  }

  /** {@code value} given after {@code option} (for its messages): 'embedded' or a URL. */
  static DatabaseChoice parse(String option, String value) {
    if (value.equals("embedded")) {
      return new Embedded();
    }
    try {
      return new External(DatabaseUrl.parse(value));
    } catch (IllegalArgumentException e) {
      throw new UsageException(option + " must be 'embedded' or a postgresql://user:password@host:port/database URL: " + e.getMessage());
    }
  }
}
