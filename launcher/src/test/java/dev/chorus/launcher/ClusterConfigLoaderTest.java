package dev.chorus.launcher;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
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
  @DisplayName("every shipped configuration parses, keeps the cluster manager's structures, logs through SLF4J, never phones home,"
    + " drops a silent member within 10 s and looks for the other side of a split every 5 s")
  void shippedConfigurationsParse() {
    for (String name : new String[]{"loopback.xml", "multicast.xml", "kubernetes.xml", "hosts.xml"}) {
      Config config = shipped(name);
      assertThat(config.getClusterName()).as(name).isEqualTo("chorus");
      assertThat(config.getProperty("hazelcast.logging.type")).as(name).isEqualTo("slf4j");
      assertThat(config.getProperty("hazelcast.phone.home.enabled")).as(name).isEqualTo("false");
      assertThat(Integer.parseInt(config.getProperty("hazelcast.max.no.heartbeat.seconds"))).as(name).isBetween(1, 10);
      assertThat(config.getMultiMapConfig("__vertx.subs").getValueCollectionType().name()).as(name).isEqualTo("SET");
      assertThat(config.getMapConfigOrNull("__vertx.haInfo")).as(name).isNotNull();
      assertThat(config.getMapConfigOrNull("__vertx.nodeInfo")).as(name).isNotNull();
      assertThat(config.getProperty("hazelcast.merge.first.run.delay.seconds")).as(name).isEqualTo("5");
      assertThat(config.getProperty("hazelcast.merge.next.run.delay.seconds")).as(name).isEqualTo("5");
    }
  }

  @Test
  @DisplayName("hosts.xml joins over TCP the members it lists, one node per machine, bound to the interface of their network only")
  void hostsSettings() {
    Config config = shipped("hosts.xml");
    JoinConfig join = config.getNetworkConfig().getJoin();

    assertThat(join.getTcpIpConfig().isEnabled()).isTrue();
    assertThat(join.getTcpIpConfig().getMembers()).containsExactly("10.0.0.11:5701", "10.0.0.12:5701", "10.0.0.13:5701");
    assertThat(join.getMulticastConfig().isEnabled()).isFalse();
    assertThat(config.getNetworkConfig().getInterfaces().getInterfaces()).containsExactly("10.0.0.*");
    assertThat(config.getProperty("hazelcast.socket.bind.any")).isEqualTo("false");
    assertThat(ClusterConfigLoader.loopbackOnly(config)).as("other machines may join: TLS is required with --auth jwt").isFalse();
  }

  @Test
  @DisplayName("multicast.xml joins by multicast group 224.2.2.3:54327 only")
  void multicastSettings() {
    JoinConfig join = shipped("multicast.xml").getNetworkConfig().getJoin();

    assertThat(join.getMulticastConfig().isEnabled()).isTrue();
    assertThat(join.getMulticastConfig().getMulticastGroup()).isEqualTo("224.2.2.3");
    assertThat(join.getMulticastConfig().getMulticastPort()).isEqualTo(54327);
    assertThat(join.getTcpIpConfig().isEnabled()).isFalse();
    assertThat(join.getKubernetesConfig().isEnabled()).isFalse();
  }

  @Test
  @DisplayName("kubernetes.xml joins through the Kubernetes API, by the pods of service chorus only")
  void kubernetesSettings() {
    JoinConfig join = shipped("kubernetes.xml").getNetworkConfig().getJoin();

    assertThat(join.getKubernetesConfig().isEnabled()).isTrue();
    assertThat(join.getKubernetesConfig().getProperty("service-name")).isEqualTo("chorus");
    assertThat(join.getMulticastConfig().isEnabled()).isFalse();
    assertThat(join.getTcpIpConfig().isEnabled()).isFalse();
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

  @Test
  @DisplayName("only the loopback configuration keeps the cluster on this machine: --auth jwt needs no --cluster-tls with it alone")
  void loopbackOnly() {
    assertThat(ClusterConfigLoader.loopbackOnly(ClusterConfigLoader.load(Optional.empty()))).isTrue();
    assertThat(ClusterConfigLoader.loopbackOnly(shipped("loopback.xml"))).isTrue();
    assertThat(ClusterConfigLoader.loopbackOnly(shipped("multicast.xml"))).isFalse();
    assertThat(ClusterConfigLoader.loopbackOnly(shipped("kubernetes.xml"))).isFalse();
  }

  @Test
  @DisplayName("a loopback member list is not enough while Hazelcast listens on every address")
  void boundToEveryAddress() {
    Config config = ClusterConfigLoader.load(Optional.empty());
    config.setProperty("hazelcast.socket.bind.any", "true");
    assertThat(ClusterConfigLoader.loopbackOnly(config)).isFalse();
    Config remoteMember = ClusterConfigLoader.load(Optional.empty());
    remoteMember.getNetworkConfig().getJoin().getTcpIpConfig().addMember("10.0.0.7:5701");
    assertThat(ClusterConfigLoader.loopbackOnly(remoteMember)).isFalse();
  }

  private static Config shipped(String name) {
    return ClusterConfigLoader.load(Optional.of(Path.of("..", "cluster-config", name)));
  }
}
