package dev.chorus.launcher;

import com.hazelcast.config.Config;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClusterConfigLoaderTest {

  @Test
  @DisplayName("the bundled default joins over TCP on loopback, at once, with multicast off and one member per port")
  void bundledLoopbackDefault() {
    Config config = ClusterConfigLoader.load(Optional.empty());

    assertThat(config.getClusterName()).isEqualTo("chorus");
    assertThat(config.getNetworkConfig().getJoin().getMulticastConfig().isEnabled()).isFalse();
    assertThat(config.getNetworkConfig().getJoin().getTcpIpConfig().isEnabled()).isTrue();
    assertThat(config.getNetworkConfig().getJoin().getTcpIpConfig().getMembers())
      .hasSize(10)
      .allMatch(member -> member.matches("127\\.0\\.0\\.1:57\\d\\d"));
    assertThat(config.getProperty("hazelcast.wait.seconds.before.join")).isEqualTo("0");
    assertThat(config.getProperty("hazelcast.phone.home.enabled")).isEqualTo("false");
    assertThat(config.getMultiMapConfig("__vertx.subs").getValueCollectionType().name()).isEqualTo("SET");
  }

  @Test
  @DisplayName("every shipped configuration parses")
  void shippedConfigurationsParse() {
    for (String name : new String[]{"loopback.xml", "multicast.xml", "kubernetes.xml"}) {
      Path file = Path.of("..", "cluster-config", name);
      assertThat(ClusterConfigLoader.load(Optional.of(file)).getClusterName()).as(name).isEqualTo("chorus");
    }
  }

  @Test
  @DisplayName("a missing or malformed file is refused in one line that names it")
  void unreadableFiles(@TempDir Path dir) throws IOException {
    Path missing = dir.resolve("none.xml");
    Path notXml = Files.writeString(dir.resolve("bad.xml"), "not xml at all");
    Path wrongSchema = Files.writeString(dir.resolve("wrong.xml"), "<hazelcast><bogus/></hazelcast>");

    assertThatThrownBy(() -> ClusterConfigLoader.load(Optional.of(missing)))
      .isInstanceOf(UsageException.class)
      .hasMessage("--cluster-config: cannot read '" + missing + "' (no such readable file)");
    assertThatThrownBy(() -> ClusterConfigLoader.load(Optional.of(notXml)))
      .hasMessageStartingWith("--cluster-config: '" + notXml + "' is not well-formed XML (line 1: ")
      .hasMessageNotContaining("\n");
    assertThatThrownBy(() -> ClusterConfigLoader.load(Optional.of(wrongSchema)))
      .hasMessageStartingWith("--cluster-config: '" + wrongSchema + "' is not a valid Hazelcast configuration: ");
  }
}
