package dev.chorus.launcher;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;

/**
 * Every option of the node's command line, declared once: its names, its help, and — for the node's own settings —
 * its key in the {@code -conf} JSON (the long name in camel case: {@code --http-port} is {@code httpPort}). Values are
 * kept as text; {@link NodeCommandLine} checks them, whichever of the command line or {@code -conf} gave them.
 */
@Command(name = "java -jar chorus.jar", sortOptions = false, usageHelpWidth = 120,
  description = {"", "Starts a Chorus node: it joins the cluster, hosts bounded contexts and serves HTTP.", ""},
  optionListHeading = "Options:%n",
  footer = {"", "Operations on a running cluster:",
    "  java -jar chorus.jar parked list|retry|skip --node URL [--subscription NAME] [--event ID] [--token TOKEN]",
    "  java -jar chorus.jar token --subject ID --role customer|operator [--ttl PT1H] [--data-dir DIR | --jwt-key FILE]",
    "  java -jar chorus.jar cluster-tls init DIR [--nodes N]"})
final class NodeOptions {

  /** The node's settings: what {@code -conf} can give too. */
  @Mixin(name = "settings")
  Settings settings = new Settings();

  @Option(names = "--set", paramLabel = "CONTEXT.KEY=VALUE", order = 20,
    description = "a context's setting, e.g. --set orders.deadline=PT10S (repeatable)")
  List<String> contextSettings = List.of();

  @Option(names = {"-conf", "--conf"}, paramLabel = "FILE|JSON", order = 21,
    description = {"the same settings as JSON (the command line wins): httpPort, httpHost, auth,",
      "jwtKey, clusterTls, contexts, db, dbPasswordFile, dbConnections, dataDir, clusterConfig,",
      "plugins, settings: {\"orders\": {\"deadline\": \"PT10S\"}}"})
  String conf;

  /** Launcher options handed to Vert.x unchanged. */
  @Mixin(name = "vertx")
  VertxOptions vertx = new VertxOptions();

  @Option(names = {"-cluster", "--cluster", "-c"}, hidden = true, description = "accepted for familiarity: every node is clustered")
  boolean cluster;

  @Option(names = {"-h", "-help", "--help"}, usageHelp = true, order = 40, description = "this text")
  boolean help;

  static final class Settings {
    @Option(names = "--http-port", paramLabel = "N", order = 1, description = "HTTP port of this node (default 8080)")
    String httpPort;

    @Option(names = "--http-host", paramLabel = "HOST", order = 2,
      description = {"the address HTTP listens on (default 127.0.0.1); any other than a loopback", "address needs --auth jwt"})
    String httpHost;

    @Option(names = "--auth", paramLabel = "local|jwt", order = 3,
      description = {"local (default): every request is trusted, HTTP serves this machine only;",
        "jwt: requests carry bearer tokens (see the token command), checked by role and customer"})
    String auth;

    @Option(names = "--jwt-key", paramLabel = "FILE", order = 4,
      description = {"the key that signs and checks tokens (mode 0600; default: generated into",
        "the data directory's jwt.key); every node of a cluster needs the same"})
    String jwtKey;

    @Option(names = "--cluster-tls", paramLabel = "DIR", order = 5,
      description = {"encrypt and authenticate the event bus between nodes with ca.pem, node.pem and",
        "node-key.pem from DIR (see the cluster-tls command); needed with --auth jwt unless",
        "the cluster configuration is loopback only"})
    String clusterTls;

    @Option(names = "--contexts", paramLabel = "a,b,...", order = 6,
      description = "contexts to host (default: every context in the jar and the plugins)")
    String contexts;

    @Option(names = "--db", paramLabel = "[CONTEXT=]URL|embedded", order = 7,
      description = {"a postgresql://user@host:port/database URL, or 'embedded' (default): a PostgreSQL",
        "kept under the data directory, its password generated into the data directory;",
        "CONTEXT=URL puts one context on a database of its own (repeatable)"})
    List<String> db;

    @Option(names = "--db-password-file", paramLabel = "[CONTEXT=]FILE", order = 8,
      description = {"the password of the --db URL's user, from a file (mode 0600); or set",
        "CHORUS_DB_PASSWORD; CONTEXT=FILE for a context's own --db (repeatable)"})
    List<String> dbPasswordFile;

    @Option(names = "--db-connections", paramLabel = "N", order = 9,
      description = {"every connection this node may open to PostgreSQL (default 16, or",
        "1 + 2 per hosted context when it hosts more than 7), on each server; at least that"})
    String dbConnections;

    @Option(names = "--data-dir", paramLabel = "DIR", order = 10, description = "where the node keeps its files (default ./chorus-data)")
    String dataDir;

    @Option(names = "--cluster-config", paramLabel = "FILE", order = 11,
      description = "Hazelcast configuration (default: loopback TCP on 127.0.0.1)")
    String clusterConfig;

    @Option(names = "--log-format", paramLabel = "text|json", order = 13,
      description = "text (default), or json: one JSON object per line, with the correlation id where there is one")
    String logFormat;

    @Option(names = "--otel-endpoint", paramLabel = "URL", order = 14,
      description = {"export traces over OTLP/HTTP to URL (e.g. http://collector:4318): HTTP requests,",
        "appends and event handling, linked across contexts (default: none, nothing recorded)"})
    String otelEndpoint;

    @Option(names = "--plugins", paramLabel = "DIR", order = 12,
      description = "host the contexts of the jars in DIR too (see docs/writing-a-context.md)")
    String plugins;
  }

  static final class VertxOptions {
    @Option(names = {"-options", "--options"}, paramLabel = "FILE|JSON", order = 30, description = "Vert.x options")
    List<String> options;

    @Option(names = {"-vertx-options", "--vertx-options"}, hidden = true, description = "Vert.x options")
    List<String> vertxOptions;

    @Option(names = {"-cluster-host", "--cluster-host"}, paramLabel = "HOST", order = 31, description = "host for cluster communication")
    List<String> clusterHost;

    @Option(names = {"-cluster-port", "--cluster-port"}, paramLabel = "PORT", order = 32, description = "port for cluster communication")
    List<String> clusterPort;

    @Option(names = {"-cluster-public-host", "--cluster-public-host"}, paramLabel = "HOST", order = 33,
      description = "host other members reach this one at")
    List<String> clusterPublicHost;

    @Option(names = {"-cluster-public-port", "--cluster-public-port"}, paramLabel = "PORT", order = 34,
      description = "port other members reach this one at")
    List<String> clusterPublicPort;
  }
}
