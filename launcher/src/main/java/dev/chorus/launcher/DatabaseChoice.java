package dev.chorus.launcher;

import dev.chorus.platform.db.DatabaseUrl;

/** Which PostgreSQL a node uses: one it runs itself under the data directory, or an existing server. */
sealed interface DatabaseChoice {

  record Embedded() implements DatabaseChoice {
    @Override
    public String toString() {
      return "embedded";
    }
  }

  record External(DatabaseUrl url) implements DatabaseChoice {
    @Override
    public String toString() {
      return url.toString();
    }
  }

  static DatabaseChoice parse(String value) {
    if (value.equals("embedded")) {
      return new Embedded();
    }
    try {
      return new External(DatabaseUrl.parse(value));
    } catch (IllegalArgumentException e) {
      throw new UsageException("--db must be 'embedded' or a postgresql://user:password@host:port/database URL: " + e.getMessage());
    }
  }
}
