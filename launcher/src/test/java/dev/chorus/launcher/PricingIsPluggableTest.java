package dev.chorus.launcher;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pricing was added without changing any other context: no module but {@code contracts}, {@code launcher} and
 * {@code pricing} itself mentions it, in code, SQL, tests or build files.
 */
class PricingIsPluggableTest {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @Test
  @DisplayName("no module except contracts and launcher mentions pricing")
  void nobodyElseMentionsPricing() {
    List<Path> scanned = sourcesOutside("pricing", "contracts");
    assertThat(scanned).as("the scan covers the other contexts and the platform")
      .anyMatch(path -> path.endsWith("OrdersContext.java"))
      .anyMatch(path -> path.endsWith(Path.of("inventory", "pom.xml")))
      .anyMatch(path -> path.toString().contains("PartitionWorker"));
    assertThat(scanned.stream().filter(PricingIsPluggableTest::mentionsPricing).map(ROOT::relativize).toList()).isEmpty();
  }

  @Test
  @DisplayName("the scan recognises a mention: pricing's own sources are full of it")
  void scanFindsMentions() {
    assertThat(files(ROOT.resolve("verticles/pricing"))).filteredOn(PricingIsPluggableTest::mentionsPricing).isNotEmpty();
  }

  private static List<Path> sourcesOutside(String... allowed) {
    List<String> exempt = List.of(allowed);
    try (Stream<Path> modules = Files.list(ROOT.resolve("verticles")); Stream<Path> schemas = Files.list(ROOT.resolve("sql"))) {
      return Stream.concat(modules, schemas)
        .filter(Files::isDirectory)
        .filter(dir -> !exempt.contains(dir.getFileName().toString()))
        .flatMap(dir -> files(dir).stream())
        .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Path> files(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).filter(path -> !path.toString().contains("/target/")).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean mentionsPricing(Path file) {
    try {
      return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT).contains("pricing");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
