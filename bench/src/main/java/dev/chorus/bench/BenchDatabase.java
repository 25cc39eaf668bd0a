package dev.chorus.bench;

import dev.chorus.platform.db.DatabaseUrl;
import dev.chorus.platform.db.EmbeddedPostgresBinaries;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.File;
import java.io.IOException;

/** The server a benchmark measures: {@code --db postgresql://...}, or {@code --db embedded} (a temporary one, fsync on). */
final class BenchDatabase {

  private BenchDatabase() {
  }

  static DatabaseUrl from(String db) throws IOException {
    if (!db.equals("embedded")) {
      return DatabaseUrl.parse(db);
    }
    File binaries = EmbeddedPostgresBinaries.directory();
    EmbeddedPostgres postgres = EmbeddedPostgres.builder()
      .setOverrideWorkingDirectory(binaries)
      .setServerConfig("fsync", "on")
      .setServerConfig("max_connections", "300")
      .start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        postgres.close();
      } catch (IOException ignored) {
        // the JVM is leaving
      }
    }));
    return DatabaseUrl.local(postgres.getPort(), "postgres");
  }
}
