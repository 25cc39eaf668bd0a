package dev.chorus.launcher;

import dev.chorus.platform.db.DatabaseUrl;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NodeCommandLineTest {

  @Test
  @DisplayName("with no arguments a node uses port 8080, every context, the embedded database and ./chorus-data")
  void defaults() {
    NodeCommandLine line = NodeCommandLine.parse();

    assertThat(line.config()).isEqualTo(NodeConfig.defaults());
    assertThat(line.config().httpPort()).isEqualTo(8080);
    assertThat(line.config().contexts()).isEmpty();
    assertThat(line.config().database()).isInstanceOf(DatabaseChoice.Embedded.class);
    assertThat(line.config().dataDir()).isEqualTo(Path.of("chorus-data"));
    assertThat(line.config().dbConnections()).isEmpty();
    assertThat(line.vertxArguments()).isEmpty();
    assertThat(line.helpRequested()).isFalse();
  }

  @Test
  @DisplayName("every option is read, in both '--name value' and '--name=value' forms")
  void readsEveryOption() {
    NodeCommandLine line = NodeCommandLine.parse("--http-port", "9090", "--contexts=customers, promotions",
      "--db", "postgresql://app:s3cret@db.local:6543/shop", "--db-connections", "12", "--data-dir=/var/lib/chorus",
      "--cluster-config", "k8s.xml");

    NodeConfig config = line.config();
    assertThat(config.httpPort()).isEqualTo(9090);
    assertThat(config.contexts()).contains(List.of("customers", "promotions"));
    assertThat(config.database()).isEqualTo(new DatabaseChoice.External(DatabaseUrl.parse("postgresql://app:s3cret@db.local:6543/shop")));
    assertThat(config.dbConnections()).hasValue(12);
    assertThat(config.dataDir()).isEqualTo(Path.of("/var/lib/chorus"));
    assertThat(config.clusterConfig()).contains(Path.of("k8s.xml"));
  }

  @Test
  @DisplayName("standard launcher options pass through to Vert.x unchanged")
  void passesLauncherOptionsThrough() {
    NodeCommandLine line = NodeCommandLine.parse("-cluster", "-cluster-host", "10.1.2.3", "--cluster-port=15701",
      "-options", "{\"eventLoopPoolSize\":2}");

    assertThat(line.vertxArguments()).containsExactly("-cluster-host", "10.1.2.3", "--cluster-port", "15701",
      "-options", "{\"eventLoopPoolSize\":2}");
  }

  @Test
  @DisplayName("-conf supplies settings as JSON, and the command line wins over it")
  void confJsonWithCommandLineOverride(@TempDir Path dir) throws IOException {
    Path conf = Files.writeString(dir.resolve("node.json"),
      "{\"httpPort\": 7000, \"contexts\": [\"customers\"], \"dataDir\": \"/data\"}");

    NodeConfig config = NodeCommandLine.parse("-conf", conf.toString(), "--http-port", "7001").config();

    assertThat(config.httpPort()).isEqualTo(7001);
    assertThat(config.contexts()).contains(List.of("customers"));
    assertThat(config.dataDir()).isEqualTo(Path.of("/data"));
  }

  @Test
  @DisplayName("an unknown option is refused with the closest known one suggested")
  void unknownOptionSuggestsTheClosest() {
    assertThatThrownBy(() -> NodeCommandLine.parse("--htp-port", "1"))
      .isInstanceOf(UsageException.class)
      .hasMessage("unknown option '--htp-port'; did you mean --http-port? (see --help)");
    assertThatThrownBy(() -> NodeCommandLine.parse("--verbose"))
      .hasMessage("unknown option '--verbose' (see --help)");
  }

  @Test
  @DisplayName("bad values are refused with what was expected")
  void badValues() {
    assertThatThrownBy(() -> NodeCommandLine.parse("--http-port", "70000"))
      .hasMessage("--http-port must be a number between 1 and 65535 (got '70000')");
    assertThatThrownBy(() -> NodeCommandLine.parse("--http-port"))
      .hasMessage("--http-port needs a value");
    assertThatThrownBy(() -> NodeCommandLine.parse("--contexts", " , "))
      .hasMessageStartingWith("--contexts needs at least one context name");
    assertThatThrownBy(() -> NodeCommandLine.parse("--contexts", "Customers"))
      .hasMessageStartingWith("--contexts: 'Customers' is not a context name");
    assertThatThrownBy(() -> NodeCommandLine.parse("--db", "mysql://localhost/x"))
      .hasMessageContaining("--db must be 'embedded' or a postgresql://")
      .hasMessageContaining("is not a postgresql:// URL");
    assertThatThrownBy(() -> NodeCommandLine.parse("--db-connections", "0"))
      .hasMessage("--db-connections must be a positive number (got '0')");
    assertThatThrownBy(() -> NodeCommandLine.parse("--db-connections", "many"))
      .hasMessage("--db-connections must be a positive number (got 'many')");
    assertThatThrownBy(() -> NodeCommandLine.parse("orders"))
      .hasMessage("unexpected argument 'orders' (see --help)");
  }

  @Test
  @DisplayName("a malformed -conf is refused with the reason, and unknown keys are named")
  void badConf(@TempDir Path dir) throws IOException {
    assertThatThrownBy(() -> NodeCommandLine.parse("-conf", dir.resolve("missing.json").toString()))
      .hasMessageStartingWith("-conf: cannot read");
    assertThatThrownBy(() -> NodeCommandLine.parse("-conf", "{\"httpPort\": "))
      .hasMessageStartingWith("-conf: not a JSON object");
    assertThatThrownBy(() -> NodeCommandLine.parse("-conf", "{\"port\": 1}"))
      .hasMessage("-conf: unknown key 'port' (known: httpPort, contexts, db, dbConnections, dataDir, clusterConfig, plugins, settings)");
  }

  @Test
  @DisplayName("--set gives a context a setting; -conf settings merge with it and the command line wins")
  void contextSettings() {
    NodeCommandLine line = NodeCommandLine.parse("--set", "orders.deadline=PT10S", "--set=shipping.region=north",
      "-conf", "{\"settings\": {\"orders\": {\"deadline\": \"PT1M\", \"other\": 3}}}");

    assertThat(line.config().settings()).isEqualTo(Map.of(
      "orders", Map.of("deadline", "PT10S", "other", "3"),
      "shipping", Map.of("region", "north")));
  }

  @Test
  @DisplayName("a malformed --set or settings section is refused with the expected shape")
  void badSettings() {
    assertThatThrownBy(() -> NodeCommandLine.parse("--set", "deadline=PT10S"))
      .isInstanceOf(UsageException.class).hasMessageContaining("--set needs CONTEXT.KEY=VALUE");
    assertThatThrownBy(() -> NodeCommandLine.parse("-conf", "{\"settings\": [1]}"))
      .isInstanceOf(UsageException.class).hasMessageContaining("'settings' must be an object of contexts");
    assertThatThrownBy(() -> NodeCommandLine.parse("-conf", "{\"settings\": {\"orders\": \"PT1S\"}}"))
      .isInstanceOf(UsageException.class).hasMessageContaining("settings of 'orders' must be an object");
  }

  @Test
  @DisplayName("--help is recognised in all its spellings")
  void help() {
    assertThat(NodeCommandLine.parse("--help").helpRequested()).isTrue();
    assertThat(NodeCommandLine.parse("-h").helpRequested()).isTrue();
    assertThat(NodeCommandLine.USAGE).contains("--http-port", "--contexts", "--db", "--data-dir", "--cluster-config");
  }

  @Test
  @DisplayName("the external database keeps its password out of its printed form")
  void passwordNeverPrinted() {
    DatabaseChoice choice = NodeCommandLine.parse("--db", "postgresql://app:s3cret@db:5432/shop").config().database();

    assertThat(choice.toString()).isEqualTo("postgresql://app@db:5432/shop").doesNotContain("s3cret");
    assertThat(Optional.of(choice)).get().isInstanceOf(DatabaseChoice.External.class);
  }
}
