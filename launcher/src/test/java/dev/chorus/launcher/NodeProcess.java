package dev.chorus.launcher;

import dev.chorus.testkit.Poll;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A node started from the built jar as its own JVM, the way a user starts one. */
final class NodeProcess implements AutoCloseable {

  private static final Path JAR = Path.of(System.getProperty("chorus.jar", "target/chorus.jar"));
  private static final Pattern DATABASE_URL = Pattern.compile("database (postgresql://\\S+)");
  private static final int LAB_HTTP_PORT = 8080;
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final String name;
  private final Process process;
  private final Path log;
  private final String httpHost;
  private final int httpPort;
  private final String token;

  private NodeProcess(String name, Process process, Path log, String httpHost, int httpPort, String token) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.httpHost = httpHost;
    this.httpPort = httpPort;
    this.token = token;
  }

  /** Stops an embedded server that a node started in {@code workDir} left running (a node killed with -9 does). */
  static void stopLeftoverDatabase(Path workDir) throws IOException {
    Optional<RunningPostgres> leftover = RunningPostgres.find(workDir.resolve("chorus-data/postgres"));
    if (leftover.isPresent()) {
      EmbeddedDatabase.stop(leftover.get());
    }
  }

  /** Starts {@code java -jar chorus.jar --http-port <free port> args...}, its output kept in {@code <workDir>/<name>.log}. */
  static NodeProcess start(Path workDir, String name, String... args) {
    return startWith(workDir, name, Map.of(), args);
  }

  /** Starts a node as {@link #start} does, with {@code environment} besides the test's own. */
  static NodeProcess startWith(Path workDir, String name, Map<String, String> environment, String... args) {
    int port = freePort();
    List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx512m", "-jar", JAR.toAbsolutePath().toString(),
      "--http-port", Integer.toString(port)));
    command.addAll(List.of(args));
    return launch(workDir, name, "127.0.0.1", port, null, environment, command);
  }

  /**
   * Starts a node on a host of a {@link NetworkLab}, serving HTTP on the host's address; the test's requests carry
   * {@code token} (the node runs with {@code --auth jwt}) and the process gets {@code environment} besides its own.
   */
  static NodeProcess startOn(NetworkLab lab, NetworkLab.Host host, Path workDir, String name, String token, Map<String, String> environment,
                             String... args) {
    List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx512m", "-jar", JAR.toAbsolutePath().toString(),
      "--http-host", host.address(), "--http-port", Integer.toString(LAB_HTTP_PORT)));
    command.addAll(List.of(args));
    return launch(workDir, name, host.address(), LAB_HTTP_PORT, token, environment, lab.on(host, command));
  }

  /** Starts the jar with exactly these arguments (no port chosen), e.g. to see how it refuses bad input. */
  static NodeProcess startRaw(Path workDir, String name, String... args) {
    List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx512m", "-jar", JAR.toAbsolutePath().toString()));
    command.addAll(List.of(args));
    return launch(workDir, name, "127.0.0.1", -1, null, Map.of(), command);
  }

  private static NodeProcess launch(Path workDir, String name, String host, int port, String token, Map<String, String> environment,
                                    List<String> command) {
    Path log = workDir.resolve(name + ".log");
    try {
      ProcessBuilder builder = new ProcessBuilder(command)
        .directory(workDir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
      builder.environment().putAll(environment);
      return new NodeProcess(name, builder.start(), log, host, port, token);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** This node, seen by a client whose requests carry {@code token}. */
  NodeProcess withToken(String token) {
    return new NodeProcess(name, process, log, httpHost, httpPort, token);
  }

  /** The node's cluster id, from its own /health. */
  String nodeId() {
    try {
      return getJson("/health").getString("nodeId");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The database URL its ready line names. */
  String databaseUrl() {
    Matcher matcher = DATABASE_URL.matcher(output());
    if (!matcher.find()) {
      throw new AssertionError("the ready line names no database:\n" + output());
    }
    return matcher.group(1);
  }

  int httpPort() {
    return httpPort;
  }

  String baseUrl() {
    return "http://" + httpHost + ":" + httpPort;
  }

  /** A request to {@code path} on this node, with the test's token if it has one. */
  HttpRequest.Builder request(String path) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path));
    return token == null ? request : request.header("Authorization", "Bearer " + token);
  }

  long pid() {
    return process.pid();
  }

  boolean alive() {
    return process.isAlive();
  }

  String output() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return HTTP.send(request(path).timeout(Duration.ofSeconds(5)).GET().build(),
      HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
    return HTTP.send(request(path).timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
      HttpResponse.BodyHandlers.ofString());
  }

  JsonObject getJson(String path) throws IOException, InterruptedException {
    return new JsonObject(get(path).body());
  }

  /** One series of its /metrics, named as printed (labels included); fails while it has none. */
  double metric(String series) throws IOException, InterruptedException {
    return listedMetric(series).orElseThrow(() -> new AssertionError("no " + series + " in " + name + "'s /metrics"));
  }

  /** A series of {@code /metrics}, if it is listed (a counter is, from its first count). */
  OptionalDouble listedMetric(String series) throws IOException, InterruptedException {
    String named = series + " ";
    return get("/metrics").body().lines().filter(line -> line.startsWith(named))
      .mapToDouble(line -> Double.parseDouble(line.substring(named.length()))).findFirst();
  }

  /** Waits until {@code /ready} answers 200; fails with the node's output if it does not in time. */
  NodeProcess awaitReady(Duration timeout) {
    Poll.until(timeout, () -> {
      if (!process.isAlive()) {
        throw new AssertionError(name + " exited with " + process.exitValue() + ":\n" + output());
      }
      try {
        return get("/ready").statusCode() == 200;
      } catch (IOException e) {
        return false;
      }
    }, () -> name + " did not become ready:\n" + output());
    return this;
  }

  /** Sends SIGTERM and returns the exit status. */
  int terminate(Duration timeout) throws InterruptedException {
    process.destroy();
    return awaitExit(timeout);
  }

  /** SIGTERM, and its exit. */
  void stop() throws InterruptedException {
    process.destroy();
    awaitExit(Duration.ofSeconds(30));
  }

  /** kill -9. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    awaitExit(Duration.ofSeconds(10));
  }

  int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError(name + " did not exit within " + timeout + ":\n" + output());
    }
    return process.exitValue();
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public String toString() {
    return name + " (pid " + process.pid() + ", port " + httpPort + ")";
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
