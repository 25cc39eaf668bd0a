package dev.chorus.launcher;

import dev.chorus.platform.db.DatabaseUrl;

import java.util.Optional;

/**
 * The database a node uses, reachable and migrated.
 *
 * @param identity           which database it is
 * @param embedded           the embedded server this node shares, when it runs one
 * @param migrationsApplied  how many migrations this node applied at start
 */
record ProvisionedDatabase(DatabaseIdentity identity, Optional<EmbeddedDatabase> embedded, int migrationsApplied) {

  DatabaseUrl url() {
    return identity.url();
  }

  String describe() {
    return url() + embedded.map(e -> e.startedHere() ? " (embedded, started in " + e.pgData() + ")" : " (embedded, shared)").orElse("");
  }
}
