package dev.chorus.launcher;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A node's settings, parsed once from the command line (and the optional {@code -conf} JSON).
 *
 * @param httpPort      the port of the node's HTTP endpoints
 * @param contexts      the contexts to host; empty means every context on the classpath
 * @param databases     which PostgreSQL holds each context: by default the embedded server
 * @param dbConnections the connection budget given ({@code --db-connections}); empty for the default
 * @param dataDir       where the node keeps its files (the embedded database among them)
 * @param clusterConfig a Hazelcast configuration file; empty means the bundled loopback configuration
 * @param settings      per context, its settings ({@code --set <context>.<key>=<value>})
 * @param plugins       a directory of jars holding further contexts, beside those in the node's jar
 * @param security      who the node serves and whom it trusts
 * @param jsonLogs      whether the node logs one JSON object per line ({@code --log-format json})
 * @param otelEndpoint  where the node exports its traces (OTLP/HTTP); empty: none are recorded
 */
record NodeConfig(int httpPort, Optional<List<String>> contexts, DatabasePlan databases, OptionalInt dbConnections, Path dataDir,
                  Optional<Path> clusterConfig, Map<String, Map<String, String>> settings, Optional<Path> plugins,
                  NodeSecurity security, boolean jsonLogs, Optional<URI> otelEndpoint) {

  static final int DEFAULT_HTTP_PORT = 8080;
  static final Path DEFAULT_DATA_DIR = Path.of("chorus-data");

  NodeConfig {
    settings = Map.copyOf(settings);
  }

  static NodeConfig defaults() {
    return new NodeConfig(DEFAULT_HTTP_PORT, Optional.empty(), DatabasePlan.embedded(), OptionalInt.empty(), DEFAULT_DATA_DIR, Optional.empty(), Map.of(),
      Optional.empty(), NodeSecurity.defaults(), false, Optional.empty());
  }
}
