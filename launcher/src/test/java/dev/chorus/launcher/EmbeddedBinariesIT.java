package dev.chorus.launcher;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded PostgreSQL's server binaries are unpacked to, and run from, the user's cache, which no other user can
 * write to; nothing of them lies in the system's temporary directory, and a cache others could change is refused.
 */
class EmbeddedBinariesIT {

  @TempDir
  Path work;

  @Test
  @DisplayName("the server runs from the user's cache (mode 700), and nothing of it is unpacked in the temporary directory")
  void serverRunsFromThePrivateCache() throws Exception {
    Path cache = work.resolve("cache");
    Path tmp = Files.createDirectories(work.resolve("tmp"));
    try (NodeProcess node = NodeProcess.startWith(work, "cached", environment(cache, tmp), "--contexts", "customers")) {
      node.awaitReady(Duration.ofSeconds(120));
      RunningPostgres server = RunningPostgres.find(work.resolve("chorus-data/postgres")).orElseThrow();
      Path executable = Files.readSymbolicLink(Path.of("/proc", Long.toString(server.pid()), "exe"));

      assertThat(executable).as("the running server's executable").startsWith(cache.resolve("chorus"));
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cache.resolve("chorus")))).isEqualTo("rwx------");
      try (Stream<Path> unpacked = Files.walk(tmp)) {
        assertThat(unpacked.map(tmp::relativize).map(Path::toString)).as("the temporary directory").noneMatch(name -> name.contains("embedded-pg"));
      }
      assertThat(node.terminate(Duration.ofSeconds(30))).isZero();
    } finally {
      NodeProcess.stopLeftoverDatabase(work);
    }
  }

  @Test
  @DisplayName("a cache other users may write to is refused before anything in it runs, saying what to do")
  void openCacheRefused() throws Exception {
    Path cache = work.resolve("cache");
    Path open = Files.createDirectories(cache.resolve("chorus"));
    Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
    try (NodeProcess node = NodeProcess.startWith(work, "refused", environment(cache, Files.createDirectories(work.resolve("tmp"))),
      "--contexts", "customers")) {
      int status = node.awaitExit(Duration.ofSeconds(60));

      assertThat(status).as(node.output()).isNotZero();
      assertThat(node.output().lines().filter(line -> line.startsWith("chorus: ")))
        .singleElement().asString().contains(open + " is open to other users (mode 777)").contains("remove it");
      assertThat(RunningPostgres.find(work.resolve("chorus-data/postgres"))).as("a server started").isEmpty();
      try (Stream<Path> files = Files.list(open)) {
        assertThat(files).as("unpacked into the open cache").isEmpty();
      }
    }
  }

  private static Map<String, String> environment(Path cache, Path tmp) {
    return Map.of("XDG_CACHE_HOME", cache.toString(), "JAVA_TOOL_OPTIONS", "-Djava.io.tmpdir=" + tmp);
  }
}
