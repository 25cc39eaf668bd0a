package dev.chorus.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One of the jar's commands ({@code token}, {@code cluster-tls}, ...), run to its end as a user runs it. */
final class JarCommand {

  private JarCommand() {
  }

  /** Runs {@code java -jar chorus.jar args...} in {@code dir}; returns its output, failing unless it exits 0 within 30 s. */
  static String run(Path dir, String... args) {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
      Path.of(System.getProperty("chorus.jar", "target/chorus.jar")).toAbsolutePath().toString()));
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new AssertionError(String.join(" ", args) + " failed:\n" + output);
      }
      return output.strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
