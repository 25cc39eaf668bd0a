package dev.chorus.launcher;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * {@code java -jar chorus.jar parked list|retry|skip --node URL [--subscription NAME] [--event ID] [--token TOKEN]}:
 * parked events of a running cluster, through any node that hosts the consuming context. A node started with
 * {@code --auth jwt} needs an operator's token: {@code --token}, or the {@code CHORUS_TOKEN} environment variable.
 */
final class ParkedCli {

  static final String USAGE = """
    Usage: java -jar chorus.jar parked list  --node URL [--subscription NAME] [--token TOKEN]
           java -jar chorus.jar parked retry --node URL --subscription NAME --event ID [--token TOKEN]
           java -jar chorus.jar parked skip  --node URL --subscription NAME --event ID [--token TOKEN]
    (a node started with --auth jwt needs an operator's token: --token, or CHORUS_TOKEN)
    """;
  static final String TOKEN_VARIABLE = "CHORUS_TOKEN";
  private static final Set<String> OPTIONS = Set.of("--node", "--subscription", "--event", "--token");

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
  private final PrintStream out;
  private final Optional<String> tokenVariable;
  private Optional<String> token = Optional.empty();

  ParkedCli(PrintStream out, Optional<String> tokenVariable) {
    this.out = out;
    this.tokenVariable = tokenVariable;
  }

  /** Runs the command; returns the exit status (0 done, 1 refused by the node, 2 bad usage). */
  int run(String... args) {
    if (args.length == 0 || !Set.of("list", "retry", "skip").contains(args[0])) {
      throw new UsageException("parked: say list, retry or skip\n" + USAGE);
    }
    Map<String, String> options = options(args);
    String node = require(options, "--node").replaceAll("/+$", "");
    token = Optional.ofNullable(options.get("--token")).or(() -> tokenVariable).filter(t -> !t.isBlank());
    try {
      return args[0].equals("list") ? list(node, options.get("--subscription")) : operate(node, args[0], options);
    } catch (IOException e) {
      throw new StartupFailure("cannot reach " + node + ": " + StartupFailure.describe(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
  }

  private int list(String node, String subscription) throws IOException, InterruptedException {
    HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(node + "/ops/parked"
      + (subscription == null ? "" : "?subscription=" + subscription))).GET());
    if (response.statusCode() != 200) {
      return refused(response);
    }
    JsonArray parked = new JsonArray(response.body());
    if (parked.isEmpty()) {
      out.println("no parked events");
    }
    for (Object entry : parked) {
      JsonObject event = (JsonObject) entry;
      out.printf("%s %s %s attempts=%d %s %s v%d %s%n", event.getString("subscription"), event.getString("eventId"),
        event.getString("status"), event.getInteger("attempts"), event.getString("type"), event.getString("streamId"),
        event.getInteger("version"), event.getString("lastError") == null ? "" : "error=" + event.getString("lastError"));
    }
    return 0;
  }

  private int operate(String node, String action, Map<String, String> options) throws IOException, InterruptedException {
    String subscription = require(options, "--subscription");
    String event = require(options, "--event");
    try {
      UUID.fromString(event);
    } catch (IllegalArgumentException e) {
      throw new UsageException("parked: --event must be an event id (a UUID), got '" + event + "'");
    }
    HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(node + "/ops/parked/" + subscription + "/" + event + "/" + action))
      .POST(HttpRequest.BodyPublishers.noBody()));
    if (response.statusCode() != 200) {
      return refused(response);
    }
    JsonObject result = new JsonObject(response.body());
    out.printf("%s %s: %s, %d event(s) processed%s%n", action, event, result.getString("status"), result.getInteger("processed"),
      result.getString("error") == null ? "" : " (" + result.getString("error") + ")");
    return "done".equals(result.getString("status")) ? 0 : 1;
  }

  private int refused(HttpResponse<String> response) {
    String detail;
    try {
      detail = new JsonObject(response.body()).getString("detail", response.body());
    } catch (DecodeException e) {
      detail = response.body();
    }
    ChorusNode.complain("the node answered " + response.statusCode() + ": " + detail);
    return 1;
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
    token.ifPresent(t -> request.header("Authorization", "Bearer " + t.trim()));
    return http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (int i = 1; i < args.length; i++) {
      if (!OPTIONS.contains(args[i])) {
        throw new UsageException("parked: unknown option '" + args[i] + "'\n" + USAGE);
      }
      if (i + 1 >= args.length) {
        throw new UsageException("parked: " + args[i] + " needs a value");
      }
      options.put(args[i], args[++i]);
    }
    return options;
  }

  private static String require(Map<String, String> options, String name) {
    String value = options.get(name);
    if (value == null) {
      throw new UsageException("parked: " + name + " is required\n" + USAGE);
    }
    return value;
  }
}
