package dev.chorus.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A node JVM started from the jar for a benchmark, with its output in a file. */
final class BenchNode implements AutoCloseable {

  static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
  /** A status or read the node never answers (a connection it dropped) counts as a failure, not as a benchmark hung. */
  private static final Duration STATUS_TIMEOUT = Duration.ofSeconds(10);

  private final Process process;
  final String url;

  private BenchNode(Process process, int port) {
    this.process = process;
    this.url = "http://127.0.0.1:" + port;
  }

  static BenchNode start(Path jar, Path work, String name, List<String> args) throws IOException, InterruptedException {
    return start(jar, work, name, List.of(), args);
  }

  static BenchNode start(Path jar, Path work, String name, List<String> jvmOptions, List<String> args) throws IOException, InterruptedException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(jvmOptions);
    command.addAll(optionsFromEnvironment(name));
    command.addAll(List.of("-jar", jar.toAbsolutePath().toString(), "--http-port", Integer.toString(port)));
    command.addAll(args);
    Process process = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
      .redirectOutput(work.resolve(name + ".log").toFile()).start();
    // A benchmark stopped from outside (SIGTERM, Ctrl-C) does not reach its finally blocks: its nodes stop with it.
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
    BenchNode node = new BenchNode(process, port);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (node.status("/ready") != 200) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException(name + " did not become ready; see " + work.resolve(name + ".log"));
      }
      TimeUnit.MILLISECONDS.sleep(50);
    }
    return node;
  }

  /**
   * Extra JVM options for every node a benchmark starts, from {@code CHORUS_BENCH_NODE_OPTIONS} (separated by
   * spaces; {@code {node}} stands for the node's name), e.g. to record a flight recording per node:
   * {@code -XX:StartFlightRecording=filename=/tmp/{node}.jfr}.
   */
  private static List<String> optionsFromEnvironment(String name) {
    String options = System.getenv("CHORUS_BENCH_NODE_OPTIONS");
    if (options == null || options.isBlank()) {
      return List.of();
    }
    return Arrays.stream(options.trim().split("\\s+")).map(option -> option.replace("{node}", name)).toList();
  }

  /** The reference beside a benchmark's figures: {@code count} plain HTTP round trips to this node, one at a time. */
  String roundTripReference(int count) {
    Latencies latencies = new Latencies(count);
    for (int i = 0; i < count; i++) {
      long begin = System.nanoTime();
      status("/health");
      latencies.record(System.nanoTime() - begin);
    }
    return String.format("reference: HTTP round trip to a node, p50 %.2f ms, p99 %.2f ms", latencies.percentileMillis(50),
      latencies.percentileMillis(99));
  }

  long pid() {
    return process.pid();
  }

  int status(String path) {
    try {
      return HTTP.send(HttpRequest.newBuilder(URI.create(url + path)).timeout(STATUS_TIMEOUT).GET().build(), HttpResponse.BodyHandlers.discarding())
        .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  String get(String path) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url + path)).timeout(STATUS_TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  HttpResponse<String> post(String path, String json, String prefer) throws IOException, InterruptedException {
    return HTTP.send(postRequest(path, json, prefer), HttpResponse.BodyHandlers.ofString());
  }

  CompletableFuture<HttpResponse<String>> postAsync(String path, String json, String prefer) {
    return HTTP.sendAsync(postRequest(path, json, prefer), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest postRequest(String path, String json, String prefer) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path)).header("Content-Type", "application/json")
      .POST(HttpRequest.BodyPublishers.ofString(json));
    if (prefer != null) {
      request.header("Prefer", prefer);
    }
    return request.build();
  }

  /** SIGTERM, and wait for the node to leave. */
  @Override
  public void close() throws InterruptedException {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
