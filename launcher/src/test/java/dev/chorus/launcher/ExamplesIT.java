package dev.chorus.launcher;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every project under {@code examples/} is a context of its own, built outside this build against the installed
 * artifacts: it builds and passes its own tests, then a node from the jar hosts it with {@code --plugins} beside the
 * built-in contexts, and its acceptance tests ({@code -Dchorus.node=URL}) pass against that node.
 */
class ExamplesIT {

  private static final Path EXAMPLES = Path.of(System.getProperty("chorus.examples", "../examples"));
  private static final Duration BUILD = Duration.ofMinutes(5);
  private static final Pattern COMPLETED = Pattern.compile("<completed>(\\d+)</completed>");
  private static final Pattern SKIPPED = Pattern.compile("<skipped>(\\d+)</skipped>");

  @TempDir
  Path work;

  @AfterEach
  void stopLeftoverServer() throws Exception {
    NodeProcess.stopLeftoverDatabase(work);
  }

  @Test
  @DisplayName("each example builds, passes its tests, and is hosted by a node that then passes its acceptance tests")
  void examplesAreHostedAsPlugins() throws Exception {
    List<Path> examples = examples();
    assertThat(examples).as("projects under " + EXAMPLES.toAbsolutePath()).isNotEmpty();
    for (Path example : examples) {
      maven(example, "own-tests");
      assertThat(skipped(example)).as("acceptance tests of " + example + " wait for a node").isPositive();
      try (NodeProcess node = NodeProcess.start(work, "node-" + example.getFileName(), "--plugins", example.resolve("target").toString(),
          "--cluster-config", TestClusterConfig.write(work).toString()).awaitReady(Duration.ofSeconds(60))) {
        maven(example, "acceptance", "-Dchorus.node=" + node.baseUrl());
        assertThat(skipped(example)).as("tests of " + example + " skipped against a node").isZero();
        assertThat(completed(example)).isPositive();
        node.stop();
      }
    }
  }

  private static List<Path> examples() throws IOException {
    try (Stream<Path> dirs = Files.list(EXAMPLES)) {
      return dirs.filter(dir -> Files.isRegularFile(dir.resolve("pom.xml"))).sorted().toList();
    }
  }

  /** {@code mvn -B -q verify} on the example, with this build's local repository. */
  private void maven(Path example, String run, String... properties) throws Exception {
    List<String> command = new ArrayList<>(List.of("mvn", "-B", "-q", "-f", example.resolve("pom.xml").toAbsolutePath().toString(), "verify"));
    String repository = System.getProperty("chorus.maven.repository", "");
    if (!repository.isBlank()) {
      command.add("-Dmaven.repo.local=" + repository);
    }
    command.addAll(List.of(properties));
    Path log = work.resolve(example.getFileName() + "-" + run + ".log");
    Process maven = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!maven.waitFor(BUILD.toSeconds(), TimeUnit.SECONDS)) {
      maven.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " took more than " + BUILD + ":\n" + Files.readString(log));
    }
    assertThat(maven.exitValue()).as(String.join(" ", command) + ":\n" + Files.readString(log)).isZero();
  }

  private static int completed(Path example) throws IOException {
    return summary(example, COMPLETED);
  }

  private static int skipped(Path example) throws IOException {
    return summary(example, SKIPPED);
  }

  private static int summary(Path example, Pattern field) throws IOException {
    Matcher matcher = field.matcher(Files.readString(example.resolve("target/failsafe-reports/failsafe-summary.xml")));
    assertThat(matcher.find()).as(field + " in the failsafe summary of " + example).isTrue();
    return Integer.parseInt(matcher.group(1));
  }
}
