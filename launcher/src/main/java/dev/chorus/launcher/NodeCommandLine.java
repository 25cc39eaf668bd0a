package dev.chorus.launcher;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The node's command line, read with picocli from the options {@link NodeOptions} declares: Chorus' own options,
 * the standard Vert.x launcher options it passes on, and the {@code -conf} JSON whose keys mirror the node's settings
 * (the command line wins). Every value is checked here, whichever of the two gave it; bad input is a
 * {@link UsageException} that says what was expected.
 *
 * @param config          the node's settings
 * @param vertxArguments  launcher options handed to the Vert.x application launcher unchanged
 * @param helpRequested   {@code --help} was given
 * @param warnings        what the node should say about its settings before it starts
 */
record NodeCommandLine(NodeConfig config, List<String> vertxArguments, boolean helpRequested, List<String> warnings) {

  private static final String SETTINGS_KEY = "settings";
  /** Between the values of a repeatable setting ({@code --db}), which may hold commas. */
  private static final String REPEATED = "\n";
  private static final Set<String> REPEATABLE = Set.of("db", "dbPasswordFile");
  private static final Pattern SETTING = Pattern.compile("([a-z][a-z0-9-]*)\\.([A-Za-z][A-Za-z0-9-]*)=(.*)", Pattern.DOTALL);
  private static final Pattern CONTEXT_NAME = Pattern.compile("[a-z][a-z0-9-]*");

  /** The help text, made from the options' declarations. */
  static final String USAGE = new CommandLine(new NodeOptions()).getUsageMessage(CommandLine.Help.Ansi.OFF);

  static NodeCommandLine parse(String... args) {
    return parse(System.getenv(), args);
  }

  /** Reads {@code args}, with {@code environment} for what may come from it (an external database's password). */
  static NodeCommandLine parse(Map<String, String> environment, String... args) {
    NodeOptions options = new NodeOptions();
    CommandLine commandLine = new CommandLine(options);
    try {
      commandLine.parseArgs(args);
    } catch (CommandLine.UnmatchedArgumentException e) {
      throw unmatched(e);
    } catch (CommandLine.MissingParameterException e) {
      throw new UsageException(typedName(e.getMissing().get(0), args) + " needs a value");
    } catch (CommandLine.ParameterException e) {
      throw new UsageException(e.getMessage() + " (see --help)");
    }
    if (commandLine.isUsageHelpRequested()) {
      return new NodeCommandLine(NodeConfig.defaults(), List.of(), true, List.of());
    }
    Map<String, String> settings = new LinkedHashMap<>();
    Map<String, Map<String, String>> contextSettings = new LinkedHashMap<>();
    if (options.conf != null) {
      JsonObject json = readConf(options.conf);
      settings.putAll(options(json, commandLine));
      contextSettings.putAll(contextSettings(json));
    }
    Map<String, String> typed = given(commandLine);
    settings.putAll(typed);
    Map<String, Map<String, String>> fromCommandLine = new LinkedHashMap<>();
    options.contextSettings.forEach(setting -> addSetting(fromCommandLine, setting));
    fromCommandLine.forEach((context, values) -> contextSettings.merge(context, values, (fromConf, given) -> {
      Map<String, String> merged = new LinkedHashMap<>(fromConf);
      merged.putAll(given);
      return merged;
    }));
    NodeConfig config = toConfig(settings, contextSettings, environment.get(DatabaseOptions.PASSWORD_VARIABLE));
    List<String> warnings = typed.containsKey("db") ? DatabaseOptions.warnings(repeated(typed.get("db"))) : List.of();
    return new NodeCommandLine(config, vertxArguments(commandLine, args), false, warnings);
  }

  /** The node's settings given on the command line, by their {@code -conf} key. */
  private static Map<String, String> given(CommandLine commandLine) {
    Map<String, String> given = new LinkedHashMap<>();
    for (CommandLine.Model.OptionSpec option : settingOptions(commandLine)) {
      Object value = option.getValue();
      if (value instanceof List<?> values) {
        given.put(confKey(option), values.stream().map(String::valueOf).collect(Collectors.joining(REPEATED)));
      } else if (value != null) {
        given.put(confKey(option), String.valueOf(value));
      }
    }
    return given;
  }

  private static List<CommandLine.Model.OptionSpec> settingOptions(CommandLine commandLine) {
    return commandLine.getCommandSpec().mixins().get("settings").options().stream()
      .sorted(Comparator.comparingInt(CommandLine.Model.OptionSpec::order)).toList();
  }

  /** {@code --http-port} is {@code httpPort}. */
  private static String confKey(CommandLine.Model.OptionSpec option) {
    String[] words = option.longestName().replaceFirst("^-+", "").split("-");
    StringBuilder key = new StringBuilder(words[0]);
    for (int i = 1; i < words.length; i++) {
      key.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
    }
    return key.toString();
  }

  /** The hosts given to the event bus ({@code -cluster-host}, {@code -cluster-public-host}). */
  List<String> clusterHosts() {
    List<String> hosts = new ArrayList<>();
    for (int i = 0; i + 1 < vertxArguments.size(); i += 2) {
      if (vertxArguments.get(i).matches("--?cluster(-public)?-host")) {
        hosts.add(vertxArguments.get(i + 1));
      }
    }
    return hosts;
  }

  /** The launcher options for Vert.x, in the order and with the names they were given. */
  private static List<String> vertxArguments(CommandLine commandLine, String[] args) {
    Set<String> names = new HashSet<>();
    commandLine.getCommandSpec().mixins().get("vertx").options().forEach(option -> names.addAll(List.of(option.names())));
    List<String> vertx = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      int equals = args[i].indexOf('=');
      String name = equals > 0 ? args[i].substring(0, equals) : args[i];
      if (names.contains(name)) {
        vertx.add(name);
        vertx.add(equals > 0 ? args[i].substring(equals + 1) : args[++i]);
      }
    }
    return List.copyOf(vertx);
  }

  private static UsageException unmatched(CommandLine.UnmatchedArgumentException e) {
    String argument = e.getUnmatched().get(0);
    if (!argument.startsWith("-")) {
      return new UsageException("unexpected argument '" + argument + "' (see --help)");
    }
    String name = argument.contains("=") ? argument.substring(0, argument.indexOf('=')) : argument;
    List<String> suggestions = e.getSuggestions();
    return new UsageException("unknown option '" + name + "'" + (suggestions.isEmpty() ? "" : "; did you mean " + suggestions.get(0) + "?")
      + " (see --help)");
  }

  /** The name an option was given under. */
  private static String typedName(CommandLine.Model.ArgSpec missing, String[] args) {
    if (missing instanceof CommandLine.Model.OptionSpec option) {
      for (int i = args.length - 1; i >= 0; i--) {
        if (List.of(option.names()).contains(args[i])) {
          return args[i];
        }
      }
      return option.longestName();
    }
    return missing.paramLabel();
  }

  private static void addSetting(Map<String, Map<String, String>> settings, String value) {
    var matcher = SETTING.matcher(value);
    if (!matcher.matches()) {
      throw new UsageException("--set needs CONTEXT.KEY=VALUE, e.g. --set orders.deadline=PT10S (got '" + value + "')");
    }
    settings.computeIfAbsent(matcher.group(1), context -> new LinkedHashMap<>()).put(matcher.group(2), matcher.group(3));
  }

  private static NodeConfig toConfig(Map<String, String> settings, Map<String, Map<String, String>> contextSettings,
                                     String passwordVariable) {
    NodeConfig defaults = NodeConfig.defaults();
    int httpPort = settings.containsKey("httpPort") ? port(settings.get("httpPort")) : defaults.httpPort();
    Optional<List<String>> contexts = settings.containsKey("contexts") ? Optional.of(contexts(settings.get("contexts"))) : defaults.contexts();
    DatabasePlan databases = DatabaseOptions.plan(settings.containsKey("db") ? repeated(settings.get("db")) : List.of(),
      settings.containsKey("dbPasswordFile") ? repeated(settings.get("dbPasswordFile")) : List.of(), Optional.ofNullable(passwordVariable));
    OptionalInt dbConnections = settings.containsKey("dbConnections") ? OptionalInt.of(dbConnections(settings.get("dbConnections")))
      : defaults.dbConnections();
    Path dataDir = settings.containsKey("dataDir") ? path("--data-dir", settings.get("dataDir")) : defaults.dataDir();
    Optional<Path> clusterConfig = settings.containsKey("clusterConfig")
      ? Optional.of(path("--cluster-config", settings.get("clusterConfig")))
      : defaults.clusterConfig();
    Optional<Path> plugins = settings.containsKey("plugins") ? Optional.of(path("--plugins", settings.get("plugins"))) : defaults.plugins();
    return new NodeConfig(httpPort, contexts, databases, dbConnections, dataDir, clusterConfig, contextSettings, plugins,
      security(settings), jsonLogs(settings.getOrDefault("logFormat", "text")),
      Optional.ofNullable(settings.get("otelEndpoint")).map(NodeCommandLine::otelEndpoint));
  }

  private static URI otelEndpoint(String value) {
    try {
      URI uri = new URI(value.trim());
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
        return uri;
      }
    } catch (URISyntaxException ignored) {
      // reported below
    }
    throw new UsageException("--otel-endpoint must be an http:// or https:// URL of an OTLP collector, e.g. http://collector:4318 (got '"
      + value + "')");
  }

  private static boolean jsonLogs(String format) {
    return switch (format) {
      case "text" -> false;
      case "json" -> true;
      default -> throw new UsageException("--log-format must be text or json (got '" + format + "')");
    };
  }

  private static NodeSecurity security(Map<String, String> settings) {
    NodeSecurity defaults = NodeSecurity.defaults();
    String host = settings.getOrDefault("httpHost", defaults.httpHost()).trim();
    if (host.isEmpty()) {
      throw new UsageException("--http-host needs an address, e.g. 127.0.0.1 or 0.0.0.0");
    }
    NodeSecurity.Auth auth = switch (settings.getOrDefault("auth", "local")) {
      case "local" -> NodeSecurity.Auth.LOCAL;
      case "jwt" -> NodeSecurity.Auth.JWT;
      default -> throw new UsageException("--auth must be local or jwt (got '" + settings.get("auth") + "')");
    };
    if (auth == NodeSecurity.Auth.LOCAL && !NodeSecurity.loopback(host)) {
      throw new UsageException("--http-host " + host + " serves other machines, and --auth local trusts every request: add --auth jwt");
    }
    Optional<Path> jwtKey = Optional.ofNullable(settings.get("jwtKey")).map(key -> path("--jwt-key", key));
    if (jwtKey.isPresent() && auth != NodeSecurity.Auth.JWT) {
      throw new UsageException("--jwt-key is for --auth jwt");
    }
    Optional<Path> clusterTls = Optional.ofNullable(settings.get("clusterTls")).map(dir -> path("--cluster-tls", dir));
    return new NodeSecurity(host, auth, jwtKey, clusterTls);
  }

  private static List<String> repeated(String values) {
    return List.of(values.split(REPEATED, -1));
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

  private static Map<String, String> options(JsonObject json, CommandLine commandLine) {
    List<String> known = settingOptions(commandLine).stream().map(NodeCommandLine::confKey).toList();
    Map<String, String> settings = new LinkedHashMap<>();
    for (Map.Entry<String, Object> entry : json) {
      if (SETTINGS_KEY.equals(entry.getKey())) {
        continue;
      }
      if (!known.contains(entry.getKey())) {
        throw new UsageException("-conf: unknown key '" + entry.getKey() + "' (known: " + String.join(", ", known) + ", "
          + SETTINGS_KEY + ")");
      }
      Object v = entry.getValue();
      settings.put(entry.getKey(), v instanceof JsonArray array
        ? array.stream().map(String::valueOf).collect(Collectors.joining(REPEATABLE.contains(entry.getKey()) ? REPEATED : ","))
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

  private static String firstLine(String message) {
    return message == null ? "" : message.lines().findFirst().orElse("");
  }
}
