package dev.chorus.launcher;

import com.hazelcast.config.Config;
import dev.chorus.platform.context.BoundedContext;
import dev.chorus.platform.context.ContextSettings;
import io.opentelemetry.api.OpenTelemetry;
import io.vertx.launcher.application.VertxApplication;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;

/** {@code java -jar chorus.jar}: starts one clustered node. */
public final class ChorusNode {

  private static final int USAGE_ERROR = 2;

  private ChorusNode() {
  }

  public static void main(String[] args) {
    System.setProperty("hazelcast.logging.type", "slf4j");
    System.setProperty("hazelcast.phone.home.enabled", "false");
    try {
      String command = args.length > 0 ? args[0] : "";
      String[] rest = args.length > 0 ? Arrays.copyOfRange(args, 1, args.length) : args;
      switch (command) {
        case "parked" -> System.exit(new ParkedCli(System.out, Optional.ofNullable(System.getenv(ParkedCli.TOKEN_VARIABLE))).run(rest));
        case "token" -> System.exit(TokenCommand.run(System.out, rest));
        case "cluster-tls" -> System.exit(ClusterTlsCommand.run(System.out, rest));
        default -> {
          NodeCommandLine commandLine = NodeCommandLine.parse(args);
          if (commandLine.helpRequested()) {
            System.out.print(NodeCommandLine.USAGE);
            return;
          }
          if (commandLine.config().jsonLogs()) {
            System.setProperty("chorus.log.format", "json"); // read by logback.xml when the first logger is made, just below
          }
          commandLine.warnings().forEach(LoggerFactory.getLogger("chorus")::warn);
          launch(commandLine);
        }
      }
    } catch (UsageException | StartupFailure e) {
      complain(e.getMessage());
      System.exit(USAGE_ERROR);
    }
  }

  private static void launch(NodeCommandLine commandLine) {
    NodeConfig config = commandLine.config();
    ContextCatalog catalog = ContextCatalog.load(config.plugins());
    List<BoundedContext> contexts = selectContexts(config, catalog.byName());
    DatabaseLayout layout = DatabaseLayout.of(config.databases(), contexts.stream().map(BoundedContext::name).toList(), config.dbConnections());
    Config hazelcast = ClusterConfigLoader.load(config.clusterConfig());
    NodeSecurity security = config.security();
    security.clusterTls().ifPresent(ClusterTls::check);
    if (security.auth() == NodeSecurity.Auth.JWT && security.clusterTls().isEmpty()
      && !(ClusterConfigLoader.loopbackOnly(hazelcast) && commandLine.clusterHosts().stream().allMatch(NodeSecurity::loopback))) {
      throw new UsageException("--auth jwt needs --cluster-tls DIR: the cluster configuration lets processes of other machines join,"
        + " and on a plain event bus any member may read and forge events");
    }
    Optional<String> tokenKey = security.auth() == NodeSecurity.Auth.JWT
      ? Optional.of(TokenKey.forNode(security, config.dataDir())) : Optional.empty();
    checkPortFree(security.httpHost(), config.httpPort());
    LoggerFactory.getLogger("chorus").info("Chorus {} · starting a node · HTTP {}:{} · auth {} · cluster {} · contexts [{}] · database {}"
        + " · data dir {}",
      version(), security.httpHost(), config.httpPort(), security.auth().name().toLowerCase(Locale.ROOT),
      security.clusterTls().isPresent() ? "TLS" : "plain", String.join(", ", contexts.stream().map(BoundedContext::name).toList()),
      describe(layout), config.dataDir().toAbsolutePath().normalize());
    DatabaseProvisioner database = DatabaseProvisioner.provision(config.dataDir(), layout, catalog.loader());
    if (config.clusterConfig().isEmpty()) {
      hazelcast.setClusterName(awaitIdentity(database).clusterName());
    }
    ShutdownSignals.install();
    List<String> vertxArgs = new ArrayList<>(commandLine.vertxArguments());
    vertxArgs.add("-cluster");
    Optional<OpenTelemetry> traces = config.otelEndpoint()
      .map(endpoint -> TraceExport.start(endpoint, String.join(",", contexts.stream().map(BoundedContext::name).toList())));
    NodeHooks hooks = new NodeHooks(config, contexts, layout, hazelcast, database.ready(), tokenKey, traces);
    int exitCode = new VertxApplication(vertxArgs.toArray(String[]::new), hooks, false, false) {
    }.launch();
    if (exitCode != 0) {
      System.exit(exitCode);
    }
  }

  /**
   * The database's identity, which names the cluster of the bundled configuration: nodes of one database join with no
   * configuration, and nodes of another on the same machine stay apart.
   */
  private static DatabaseIdentity awaitIdentity(DatabaseProvisioner database) {
    try {
      return database.identity().join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof StartupFailure failure ? failure : new StartupFailure(StartupFailure.describe(e.getCause()), e.getCause());
    }
  }

  /** {@code embedded}, or each database with the contexts it holds. */
  private static String describe(DatabaseLayout layout) {
    return layout.placed().size() == 1 ? layout.placed().keySet().iterator().next().toString()
      : layout.placed().entrySet().stream().map(e -> e.getKey() + (e.getValue().isEmpty() ? "" : " for " + String.join(", ", e.getValue())))
        .collect(Collectors.joining(", "));
  }

  private static List<BoundedContext> selectContexts(NodeConfig config, Map<String, BoundedContext> available) {
    checkSettings(config, available);
    config.databases().byContext().keySet().stream().filter(name -> !available.containsKey(name)).findFirst().ifPresent(name -> {
      throw new UsageException("--db " + name + "=URL: no context named '" + name + "' (available: " + String.join(", ", available.keySet()) + ")");
    });
    if (config.contexts().isEmpty()) {
      return List.copyOf(available.values());
    }
    List<BoundedContext> selected = new ArrayList<>();
    for (String name : config.contexts().get()) {
      BoundedContext context = available.get(name);
      if (context == null) {
        throw new UsageException("--contexts: no context named '" + name + "' (available: " + String.join(", ", available.keySet()) + ")");
      }
      selected.add(context);
    }
    return selected;
  }

  /** Every setting names a context in the jar and a key it knows, with a value it accepts. */
  private static void checkSettings(NodeConfig config, Map<String, BoundedContext> available) {
    config.settings().forEach((name, values) -> {
      BoundedContext context = available.get(name);
      if (context == null) {
        throw new UsageException("--set: no context named '" + name + "' (available: " + String.join(", ", available.keySet()) + ")");
      }
      for (String key : values.keySet()) {
        if (!context.settings().containsKey(key)) {
          throw new UsageException("--set: " + name + " has no setting '" + key + "' (" + (context.settings().isEmpty() ? "it has none"
            : "it has: " + String.join(", ", new TreeMap<>(context.settings()).keySet())) + ")");
        }
      }
      try {
        context.check(new ContextSettings(name, values));
      } catch (IllegalArgumentException e) {
        throw new UsageException("--set " + e.getMessage());
      }
    });
  }

  /** Fails in a second, not after the cluster join, when the port is taken. (The real bind reports races.) */
  private static void checkPortFree(String host, int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(host, port));
    } catch (IOException e) {
      throw new StartupFailure("HTTP port " + port + " is already in use (is another node running? choose another with --http-port N)");
    }
  }

  private static String version() {
    String version = ChorusNode.class.getPackage().getImplementationVersion();
    return version == null ? "(development build)" : version;
  }

  static void complain(String message) {
    System.err.println("chorus: " + message);
    System.err.flush();
  }
}
