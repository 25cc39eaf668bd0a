package dev.chorus.launcher;

import dev.chorus.platform.db.DatabaseUrl;

import java.util.Optional;

/**
 * A database a node uses, reachable and migrated.
 *
 * @param identity which database it is
 * @param embedded the embedded server this node shares, when it is that one
 */
record ProvisionedDatabase(DatabaseIdentity identity, Optional<EmbeddedDatabase> embedded) {

  DatabaseUrl url() {
    return identity.url();
  }

  String describe() {
    return url() + embedded.map(e -> e.startedHere() ? " (embedded, started in " + e.pgData() + ")" : " (embedded, shared)").orElse("");
  }
}
