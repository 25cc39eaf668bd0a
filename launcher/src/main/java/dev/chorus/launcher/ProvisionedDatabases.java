package dev.chorus.launcher;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Every database a node uses, reachable and migrated, by the choice that named it; the default first. */
record ProvisionedDatabases(Map<DatabaseChoice, ProvisionedDatabase> byChoice) {

  ProvisionedDatabases {
    byChoice = Collections.unmodifiableMap(new LinkedHashMap<>(byChoice));
  }

  ProvisionedDatabase of(DatabaseChoice choice) {
    return byChoice.get(choice);
  }

  /** The embedded server, when the node uses it. */
  Optional<EmbeddedDatabase> embedded() {
    return byChoice.values().stream().flatMap(db -> db.embedded().stream()).findFirst();
  }
}
