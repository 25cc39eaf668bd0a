package dev.chorus.launcher;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The node's command line: Chorus' own options, the standard Vert.x launcher options it passes on, and the
 * {@code -conf} JSON whose keys mirror the options (the command line wins).
 *
 * @param config          the node's settings
 * @param vertxArguments  launcher options handed to the Vert.x application launcher unchanged
 * @param helpRequested   {@code --help} was given
 */
record NodeCommandLine(NodeConfig config, List<String> vertxArguments, boolean helpRequested) {

  /** Option name (command line) → key in the {@code -conf} JSON. */
  private static final Map<String, String> OPTIONS = orderedMap(
    "--http-port", "httpPort",
    "--contexts", "contexts",
    "--db", "db",
    "--db-connections", "dbConnections",
    "--data-dir", "dataDir",
    "--cluster-config", "clusterConfig",
    "--plugins", "plugins");

  private static final Set<String> VERTX_OPTIONS_WITH_VALUE = Set.of(
    "-options", "--options", "-vertx-options", "--vertx-options",
    "-cluster-host", "--cluster-host", "-cluster-port", "--cluster-port",
    "-cluster-public-host", "--cluster-public-host", "-cluster-public-port", "--cluster-public-port");
  private static final Set<String> CLUSTER_FLAGS = Set.of("-cluster", "--cluster", "-c");
  private static final Set<String> CONF_OPTIONS = Set.of("-conf", "--conf");
  private static final String SET_OPTION = "--set";
  private static final String SETTINGS_KEY = "settings";
  private static final Pattern SETTING = Pattern.compile("([a-z][a-z0-9-]*)\\.([A-Za-z][A-Za-z0-9-]*)=(.*)", Pattern.DOTALL);
  private static final Set<String> HELP_OPTIONS = Set.of("-h", "-help", "--help");
  private static final Pattern CONTEXT_NAME = Pattern.compile("[a-z][a-z0-9-]*");

  static final String USAGE = """
    Usage: java -jar chorus.jar [options]

    Starts a Chorus node: it joins the cluster, hosts bounded contexts and serves HTTP.

    Options:
      --http-port N          HTTP port of this node (default 8080)
      --contexts a,b,...     contexts to host (default: every context in the jar)
      --db URL|embedded      a postgresql://user:password@host:port/database URL, or
                             'embedded' (default): a PostgreSQL kept under the data directory
      --db-connections N     every connection this node may open to PostgreSQL (default 16, or
                             1 + 2 per hosted context when it hosts more than 7); at least that
      --data-dir DIR         where the node keeps its files (default ./chorus-data)
      --cluster-config FILE  Hazelcast configuration (default: loopback TCP on 127.0.0.1)
      --plugins DIR          host the contexts of the jars in DIR too (see docs/writing-a-context.md)
      --set CONTEXT.KEY=VALUE  a context's setting, e.g. --set orders.deadline=PT10S (repeatable)
      -conf FILE|JSON        the same settings as JSON: httpPort, contexts, db, dbConnections, dataDir, clusterConfig, plugins,
                             settings: {"orders": {"deadline": "PT10S"}}
      -options FILE|JSON     Vert.x options
      -cluster-host HOST     host for cluster communication (also -cluster-port,
                             -cluster-public-host, -cluster-public-port)
      -h, --help             this text

    Operations on a running cluster:
      java -jar chorus.jar parked list|retry|skip --node URL [--subscription NAME] [--event ID]
    """;

  static NodeCommandLine parse(String... args) {
    Map<String, String> fromCommandLine = new LinkedHashMap<>();
    Map<String, Map<String, String>> settingsFromCommandLine = new LinkedHashMap<>();
    List<String> vertxArguments = new ArrayList<>();
    String conf = null;
    boolean help = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String name = arg;
      String inlineValue = null;
      int equals = arg.indexOf('=');
      if (arg.startsWith("-") && equals > 0) {
        name = arg.substring(0, equals);
        inlineValue = arg.substring(equals + 1);
      }
      if (HELP_OPTIONS.contains(name)) {
        help = true;
      } else if (CLUSTER_FLAGS.contains(name)) {
        // Every node is clustered; the flag is accepted for familiarity.
      } else if (OPTIONS.containsKey(name) || CONF_OPTIONS.contains(name) || VERTX_OPTIONS_WITH_VALUE.contains(name)
        || SET_OPTION.equals(name)) {
        String value = inlineValue;
        if (value == null) {
          if (i + 1 >= args.length) {
            throw new UsageException(name + " needs a value");
          }
          value = args[++i];
        }
        if (OPTIONS.containsKey(name)) {
          fromCommandLine.put(OPTIONS.get(name), value);
        } else if (SET_OPTION.equals(name)) {
          addSetting(settingsFromCommandLine, value);
        } else if (CONF_OPTIONS.contains(name)) {
          conf = value;
        } else {
          vertxArguments.add(name);
          vertxArguments.add(value);
        }
      } else if (arg.startsWith("-")) {
        throw new UsageException("unknown option '" + name + "'" + suggestion(name) + " (see --help)");
      } else {
        throw new UsageException("unexpected argument '" + arg + "' (see --help)");
      }
    }
    Map<String, String> settings = new LinkedHashMap<>();
    Map<String, Map<String, String>> contextSettings = new LinkedHashMap<>();
    if (conf != null) {
      JsonObject json = readConf(conf);
      settings.putAll(options(json));
      contextSettings.putAll(contextSettings(json));
    }
    settings.putAll(fromCommandLine);
    settingsFromCommandLine.forEach((context, values) -> contextSettings.merge(context, values, (fromConf, given) -> {
      Map<String, String> merged = new LinkedHashMap<>(fromConf);
      merged.putAll(given);
      return merged;
    }));
    return new NodeCommandLine(toConfig(settings, contextSettings), List.copyOf(vertxArguments), help);
  }

  private static void addSetting(Map<String, Map<String, String>> settings, String value) {
    var matcher = SETTING.matcher(value);
    if (!matcher.matches()) {
      throw new UsageException("--set needs CONTEXT.KEY=VALUE, e.g. --set orders.deadline=PT10S (got '" + value + "')");
    }
    settings.computeIfAbsent(matcher.group(1), context -> new LinkedHashMap<>()).put(matcher.group(2), matcher.group(3));
  }

  private static NodeConfig toConfig(Map<String, String> settings, Map<String, Map<String, String>> contextSettings) {
    NodeConfig defaults = NodeConfig.defaults();
    int httpPort = settings.containsKey("httpPort") ? port(settings.get("httpPort")) : defaults.httpPort();
    Optional<List<String>> contexts = settings.containsKey("contexts") ? Optional.of(contexts(settings.get("contexts"))) : defaults.contexts();
    DatabaseChoice database = settings.containsKey("db") ? DatabaseChoice.parse(settings.get("db")) : defaults.database();
    OptionalInt dbConnections = settings.containsKey("dbConnections") ? OptionalInt.of(dbConnections(settings.get("dbConnections")))
      : defaults.dbConnections();
    Path dataDir = settings.containsKey("dataDir") ? path("--data-dir", settings.get("dataDir")) : defaults.dataDir();
    Optional<Path> clusterConfig = settings.containsKey("clusterConfig")
      ? Optional.of(path("--cluster-config", settings.get("clusterConfig")))
      : defaults.clusterConfig();
    Optional<Path> plugins = settings.containsKey("plugins") ? Optional.of(path("--plugins", settings.get("plugins"))) : defaults.plugins();
    return new NodeConfig(httpPort, contexts, database, dbConnections, dataDir, clusterConfig, contextSettings, plugins);
  }

  private static int dbConnections(String value) {
    try {
      int connections = Integer.parseInt(value.trim());
      if (connections >= 1) {
        return connections;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new UsageException("--db-connections must be a positive number (got '" + value + "')");
  }

  private static int port(String value) {
    try {
      int port = Integer.parseInt(value.trim());
      if (port >= 1 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new UsageException("--http-port must be a number between 1 and 65535 (got '" + value + "')");
  }

  private static List<String> contexts(String value) {
    List<String> names = Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).distinct().toList();
    if (names.isEmpty()) {
      throw new UsageException("--contexts needs at least one context name, e.g. --contexts customers,promotions");
    }
    for (String name : names) {
      if (!CONTEXT_NAME.matcher(name).matches()) {
        throw new UsageException("--contexts: '" + name + "' is not a context name (lower-case letters, digits and '-')");
      }
    }
    return names;
  }

  private static Path path(String option, String value) {
    if (value.isBlank()) {
      throw new UsageException(option + " needs a non-empty path");
    }
    return Path.of(value);
  }

  private static JsonObject readConf(String value) {
    String text = value.trim();
    if (!text.startsWith("{")) {
      Path file = Path.of(text);
      try {
        text = Files.readString(file);
      } catch (IOException e) {
        throw new UsageException("-conf: cannot read '" + file + "' (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
      }
    }
    try {
      return new JsonObject(text);
    } catch (DecodeException e) {
      throw new UsageException("-conf: not a JSON object: " + firstLine(e.getMessage()));
    }
  }

  private static Map<String, String> options(JsonObject json) {
    Map<String, String> settings = new LinkedHashMap<>();
    for (Map.Entry<String, Object> entry : json) {
      if (SETTINGS_KEY.equals(entry.getKey())) {
        continue;
      }
      if (!OPTIONS.containsValue(entry.getKey())) {
        throw new UsageException("-conf: unknown key '" + entry.getKey() + "' (known: " + String.join(", ", OPTIONS.values()) + ", "
          + SETTINGS_KEY + ")");
      }
      Object v = entry.getValue();
      settings.put(entry.getKey(), v instanceof JsonArray array
        ? array.stream().map(String::valueOf).collect(Collectors.joining(","))
        : String.valueOf(v));
    }
    return settings;
  }

  /** {@code "settings": {"<context>": {"<key>": value, ...}, ...}}. */
  private static Map<String, Map<String, String>> contextSettings(JsonObject json) {
    Object section = json.getValue(SETTINGS_KEY);
    if (section == null) {
      return Map.of();
    }
    if (!(section instanceof JsonObject contexts)) {
      throw new UsageException("-conf: '" + SETTINGS_KEY + "' must be an object of contexts, e.g. {\"orders\": {\"deadline\": \"PT10S\"}}");
    }
    Map<String, Map<String, String>> settings = new LinkedHashMap<>();
    for (Map.Entry<String, Object> context : contexts) {
      if (!(context.getValue() instanceof JsonObject values)) {
        throw new UsageException("-conf: settings of '" + context.getKey() + "' must be an object of key → value");
      }
      Map<String, String> given = new LinkedHashMap<>();
      values.forEach(entry -> given.put(entry.getKey(), String.valueOf(entry.getValue())));
      settings.put(context.getKey(), given);
    }
    return settings;
  }

  private static String suggestion(String unknown) {
    List<String> known = new ArrayList<>(OPTIONS.keySet());
    known.addAll(CONF_OPTIONS);
    known.addAll(VERTX_OPTIONS_WITH_VALUE);
    String best = null;
    int bestDistance = 3;
    for (String candidate : known) {
      int distance = editDistance(unknown, candidate);
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return best == null ? "" : "; did you mean " + best + "?";
  }

  private static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  private static String firstLine(String message) {
    return message == null ? "" : message.lines().findFirst().orElse("");
  }

  private static Map<String, String> orderedMap(String... pairs) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put(pairs[i], pairs[i + 1]);
    }
    return map;
  }
}
