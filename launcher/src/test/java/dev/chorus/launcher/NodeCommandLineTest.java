package dev.chorus.launcher;

import dev.chorus.platform.db.DatabaseUrl;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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
    assertThat(line.config().databases().fallback()).isInstanceOf(DatabaseChoice.Embedded.class);
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
    assertThat(config.databases().fallback()).isEqualTo(new DatabaseChoice.External(DatabaseUrl.parse("postgresql://app:s3cret@db.local:6543/shop")));
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
      .hasMessage("-conf: unknown key 'port' (known: httpPort, httpHost, auth, jwtKey, clusterTls, contexts, db, dbPasswordFile,"
        + " dbConnections, dataDir, clusterConfig, plugins, logFormat, otelEndpoint, settings)");
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
    DatabaseChoice choice = NodeCommandLine.parse("--db", "postgresql://app:s3cret@db:5432/shop").config().databases().fallback();

    assertThat(choice.toString()).isEqualTo("postgresql://app@db:5432/shop").doesNotContain("s3cret");
    assertThat(Optional.of(choice)).get().isInstanceOf(DatabaseChoice.External.class);
  }

  @Test
  @DisplayName("by default HTTP serves this machine only and every request is trusted")
  void localByDefault() {
    NodeSecurity security = NodeCommandLine.parse().config().security();

    assertThat(security.httpHost()).isEqualTo("127.0.0.1");
    assertThat(security.auth()).isEqualTo(NodeSecurity.Auth.LOCAL);
    assertThat(NodeCommandLine.parse("--http-host", "localhost").config().security().httpHost()).isEqualTo("localhost");
  }

  @Test
  @DisplayName("an address other machines reach needs --auth jwt, and the jwt options need it too")
  void exposureNeedsTokens() {
    assertThatThrownBy(() -> NodeCommandLine.parse("--http-host", "0.0.0.0"))
      .isInstanceOf(UsageException.class)
      .hasMessage("--http-host 0.0.0.0 serves other machines, and --auth local trusts every request: add --auth jwt");
    NodeSecurity exposed = NodeCommandLine.parse("--http-host", "0.0.0.0", "--auth", "jwt", "--jwt-key", "k", "--cluster-tls", "tls")
      .config().security();
    assertThat(exposed).isEqualTo(new NodeSecurity("0.0.0.0", NodeSecurity.Auth.JWT, Optional.of(Path.of("k")), Optional.of(Path.of("tls"))));
    assertThatThrownBy(() -> NodeCommandLine.parse("--auth", "basic")).hasMessage("--auth must be local or jwt (got 'basic')");
    assertThatThrownBy(() -> NodeCommandLine.parse("--jwt-key", "k")).hasMessage("--jwt-key is for --auth jwt");
  }

  @Test
  @DisplayName("an external database's password comes from CHORUS_DB_PASSWORD or a file only its owner reads, given once")
  void databasePasswordSources(@TempDir Path dir) throws IOException {
    String url = "postgresql://app@db:5432/shop";
    DatabaseUrl fromVariable = external(NodeCommandLine.parse(Map.of("CHORUS_DB_PASSWORD", "s3cret"), "--db", url));
    assertThat(fromVariable.password()).isEqualTo("s3cret");

    Path file = dir.resolve("db-password");
    Files.writeString(file, "s3cret\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    assertThat(external(NodeCommandLine.parse(Map.of(), "--db", url, "--db-password-file", file.toString())).password()).isEqualTo("s3cret");

    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    assertThatThrownBy(() -> NodeCommandLine.parse(Map.of(), "--db", url, "--db-password-file", file.toString()))
      .hasMessageStartingWith("--db-password-file: " + file + " may be read by other users (mode rw-r--r--)")
      .hasMessageEndingWith("chmod 600 " + file);
    assertThatThrownBy(() -> NodeCommandLine.parse(Map.of("CHORUS_DB_PASSWORD", "s3cret"), "--db", url, "--db-password-file", file.toString()))
      .hasMessage("the database password is given twice: by --db-password-file and by CHORUS_DB_PASSWORD");
    assertThatThrownBy(() -> NodeCommandLine.parse(Map.of("CHORUS_DB_PASSWORD", "other"), "--db", "postgresql://app:s3cret@db/shop"))
      .hasMessage("the --db URL carries a password and CHORUS_DB_PASSWORD gives another: give it once");
    assertThatThrownBy(() -> NodeCommandLine.parse(Map.of(), "--db-password-file", file.toString()))
      .hasMessageStartingWith("--db-password-file is for an external --db");
    assertThat(NodeCommandLine.parse(Map.of("CHORUS_DB_PASSWORD", "s3cret")).config().databases().fallback()).isEqualTo(new DatabaseChoice.Embedded());
  }

  @Test
  @DisplayName("a password in a --db URL on the command line is used, with a warning that does not show it")
  void passwordOnTheCommandLineWarns() {
    NodeCommandLine line = NodeCommandLine.parse(Map.of(), "--db", "postgresql://app:s3cret@db/shop");

    assertThat(external(line).password()).isEqualTo("s3cret");
    assertThat(line.warnings()).singleElement().asString()
      .contains("CHORUS_DB_PASSWORD or --db-password-file").doesNotContain("s3cret");
    assertThat(NodeCommandLine.parse(Map.of("CHORUS_DB_PASSWORD", "s3cret"), "--db", "postgresql://app@db/shop").warnings()).isEmpty();
  }

  @Test
  @DisplayName("no message about a malformed --db URL shows its password")
  void malformedUrlHidesPassword() {
    for (String url : List.of("postgresql://app:s3cret@db:port/shop", "postgresql://app:s3cret pw@db/shop", "postgres://app:s3cret@/shop",
      "http://app:s3cret@db/shop")) {
      assertThatThrownBy(() -> NodeCommandLine.parse(Map.of(), "--db", url)).as(url)
        .isInstanceOf(UsageException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret"));
    }
  }

  private static DatabaseUrl external(NodeCommandLine line) {
    return ((DatabaseChoice.External) line.config().databases().fallback()).url();
  }

  @Test
  @DisplayName("--log-format is text or json")
  void logFormat() {
    assertThat(NodeCommandLine.parse().config().jsonLogs()).isFalse();
    assertThat(NodeCommandLine.parse("--log-format", "json").config().jsonLogs()).isTrue();
    assertThatThrownBy(() -> NodeCommandLine.parse("--log-format", "xml")).hasMessage("--log-format must be text or json (got 'xml')");
  }

  @Test
  @DisplayName("--otel-endpoint is a collector's http(s) URL; traces go to its /v1/traces")
  void otelEndpoint() {
    assertThat(NodeCommandLine.parse().config().otelEndpoint()).isEmpty();
    assertThat(NodeCommandLine.parse("--otel-endpoint", "http://collector:4318").config().otelEndpoint())
      .hasValueSatisfying(uri -> assertThat(TraceExport.tracesUrl(uri)).isEqualTo("http://collector:4318/v1/traces"));
    assertThat(TraceExport.tracesUrl(java.net.URI.create("https://otel.example/v1/traces/"))).isEqualTo("https://otel.example/v1/traces");
    assertThatThrownBy(() -> NodeCommandLine.parse("--otel-endpoint", "collector:4318"))
      .hasMessageStartingWith("--otel-endpoint must be an http:// or https:// URL");
  }

  @Test
  @DisplayName("--db CONTEXT=URL puts a context on a database of its own, on the command line or in -conf, each with its own password")
  void contextsOwnDatabases(@TempDir Path dir) throws IOException {
    Path ordersPassword = Files.writeString(dir.resolve("orders.password"), "orders-secret\n");
    Files.setPosixFilePermissions(ordersPassword, PosixFilePermissions.fromString("rw-------"));
    NodeCommandLine line = NodeCommandLine.parse(Map.of("CHORUS_DB_PASSWORD", "main-secret"), "--db", "postgresql://app@main:5432/shop",
      "--db", "orders=postgresql://app@orders-db:5432/orders?sslmode=require", "--db", "payments=embedded",
      "--db", "shipping=postgresql://app@orders-db:5432/orders?sslmode=require", "--db-password-file", "orders=" + ordersPassword);

    DatabasePlan plan = line.config().databases();
    assertThat(plan.fallback()).isEqualTo(new DatabaseChoice.External(DatabaseUrl.parse("postgresql://app:main-secret@main:5432/shop")));
    assertThat(plan.of("orders")).isEqualTo(new DatabaseChoice.External(
      DatabaseUrl.parse("postgresql://app:orders-secret@orders-db:5432/orders?sslmode=require")));
    assertThat(plan.of("shipping")).as("the same URL, the same password").isEqualTo(plan.of("orders"));
    assertThat(plan.of("payments")).isEqualTo(new DatabaseChoice.Embedded());
    assertThat(plan.of("customers")).isEqualTo(plan.fallback());
    assertThat(line.warnings()).isEmpty();
    DatabasePlan sameAsDefault = NodeCommandLine.parse(Map.of("CHORUS_DB_PASSWORD", "main-secret"), "--db", "postgresql://app@main:5432/shop",
      "--db", "pricing=postgresql://app@main:5432/shop").config().databases();
    assertThat(sameAsDefault.of("pricing")).as("a context given the default's URL takes its password too").isEqualTo(sameAsDefault.fallback())
      .isEqualTo(new DatabaseChoice.External(DatabaseUrl.parse("postgresql://app:main-secret@main:5432/shop")));
    Path confPasswords = Files.writeString(dir.resolve("passwords.json"), "{\"db\": [\"orders=postgresql://app@orders-db/orders\"],"
      + " \"dbPasswordFile\": [\"orders=" + ordersPassword + "\"]}");
    assertThat(NodeCommandLine.parse(Map.of(), "-conf", confPasswords.toString()).config().databases().of("orders"))
      .as("a context's password file in -conf").isEqualTo(new DatabaseChoice.External(DatabaseUrl.parse("postgresql://app:orders-secret@orders-db/orders")));

    Path conf = Files.writeString(dir.resolve("node.json"),
      "{\"db\": [\"postgresql://app@main/shop\", \"orders=postgresql://app@orders-db/orders\"]}");
    DatabasePlan fromConf = NodeCommandLine.parse(Map.of(), "-conf", conf.toString()).config().databases();
    assertThat(fromConf.fallback()).asString().isEqualTo("postgresql://app@main:5432/shop");
    assertThat(fromConf.byContext()).containsOnlyKeys("orders");
    assertThat(NodeCommandLine.parse(Map.of(), "-conf", "{\"db\": \"orders=postgresql://app@o/orders\"}").config().databases())
      .isEqualTo(new DatabasePlan(new DatabaseChoice.Embedded(), Map.of("orders",
        new DatabaseChoice.External(DatabaseUrl.parse("postgresql://app@o/orders")))));
    assertThat(NodeCommandLine.parse(Map.of(), "-conf", conf.toString(), "--db", "postgresql://app@other/shop").config().databases())
      .as("the command line's --db replaces the -conf's").isEqualTo(new DatabasePlan(
        new DatabaseChoice.External(DatabaseUrl.parse("postgresql://app@other/shop")), Map.of()));
  }

  @Test
  @DisplayName("a database given twice, a context's password without its own --db, or a bad context URL are refused by name")
  void contextsOwnDatabasesRefused(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("pw"), "x");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    assertThatThrownBy(() -> NodeCommandLine.parse(Map.of(), "--db", "postgresql://app@a/x", "--db", "postgresql://app@b/x"))
      .hasMessage("--db gives the default database twice (postgresql://app@a:5432/x, then postgresql://app@b:5432/x);"
        + " a context's own is --db CONTEXT=URL");
    assertThatThrownBy(() -> NodeCommandLine.parse(Map.of(), "--db", "orders=postgresql://app@a/x", "--db", "orders=embedded"))
      .hasMessage("--db gives orders a database twice");
    assertThatThrownBy(() -> NodeCommandLine.parse(Map.of(), "--db-password-file", "orders=" + file))
      .hasMessage("--db-password-file orders=...: orders has no --db orders=URL of its own");
    assertThatThrownBy(() -> NodeCommandLine.parse(Map.of(), "--db", "orders=postgresql://app@a/x", "--db", "payments=postgresql://app@a/x",
      "--db-password-file", "orders=" + file, "--db-password-file", "payments=" + file))
      .hasMessage("--db-password-file gives the password of postgresql://app@a:5432/x twice (contexts given the same URL share one)");
    assertThatThrownBy(() -> NodeCommandLine.parse(Map.of(), "--db", "orders=embedded", "--db-password-file", "orders=" + file))
      .hasMessageStartingWith("--db-password-file is for an external --db orders=URL");
    assertThatThrownBy(() -> NodeCommandLine.parse(Map.of(), "--db", "orders=postgresql://app:s3cret@db:port/x"))
      .hasMessageStartingWith("--db orders=URL must be 'embedded' or a postgresql://").satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret"));
    assertThat(NodeCommandLine.parse(Map.of(), "--db", "orders=postgresql://app:s3cret@db/x").warnings()).singleElement().asString()
      .contains("--db-password-file").doesNotContain("s3cret");
  }
}
