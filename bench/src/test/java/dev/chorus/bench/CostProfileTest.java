package dev.chorus.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class CostProfileTest {

  @Test
  void aReadingCountsTheContextsSessionsAndTheNodesWithoutTheirCompilers() {
    WorkCounters.Reading reading = new WorkCounters.Reading(500, 1_500, 2_000, 300, 900,
      Map.of("chorus", 10.0, "chorus-migrations", 20.0, "chorus orders", 400.0, "chorus inventory", 300.0, "psql", 5.0), 120);

    CostProfile profile = CostProfile.of(2, 10, 100, reading);

    assertThat(profile.contextServerCpuMs()).containsOnly(Map.entry("orders", 400.0), Map.entry("inventory", 300.0));
    assertThat(profile.nodeCpuMs()).isEqualTo(1_700);
    assertThat(profile.compilersMs()).isEqualTo(300);
    assertThat(profile.sharedServerCpuMs()).isEqualTo(200);
    assertThat(profile.rate()).isEqualTo(10);
    assertThat(profile.busyCores()).isCloseTo((1_700 + 300 + 900 + 120) / 10_000.0, within(1e-9));
  }

  @Test
  void aWrittenProfileReadsBackAsItWas(@TempDir Path dir) throws Exception {
    CostProfile written = new CostProfile(4, 20.5, 480, 26_330, 35_830, 11_450, 1_080, 19_860,
      Map.of("orders", 8_620.0, "inventory", 6_300.0), 650);
    Path file = dir.resolve("nodes-4.properties");

    written.write(file, "bench scale, 4 nodes");

    assertThat(CostProfile.read(file)).isEqualTo(written);
  }

  @Test
  void aFileWithoutACostIsRefusedByName(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("partial.properties");
    Files.writeString(file, "nodes=2\nseconds=20\nsettled=100\n");

    assertThatThrownBy(() -> CostProfile.read(file)).isInstanceOf(IllegalArgumentException.class)
      .hasMessageContaining("partial.properties has no 'transactions'");
  }

  @Test
  void aNumberThatDoesNotParseNamesTheFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bad.properties");
    Files.writeString(file, "nodes=two\nseconds=20\nsettled=100\ntransactions=1\nstatements=1\nnode.cpu.ms=1\ncompilers.cpu.ms=1\n"
      + "server.cpu.ms=1\nload.cpu.ms=1\n");

    assertThatThrownBy(() -> CostProfile.read(file)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad.properties");
  }
}
