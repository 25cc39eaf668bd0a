package dev.chorus.launcher;

import dev.chorus.testkit.Poll;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real Chromium, headless, driven over its DevTools protocol: open a page, evaluate JavaScript in it, see the requests
 * it sent, take a screenshot. Needs Debian's {@code chromium} package (the README's test requirements; {@code .ci/run}
 * installs it).
 */
final class HeadlessChromium implements AutoCloseable {

  static final Path BINARY = Path.of("/usr/bin/chromium");
  private static final Duration CALL = Duration.ofSeconds(30);

  private final Process process;
  private final int port;
  private final HttpClient http = HttpClient.newHttpClient();

  private HeadlessChromium(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static HeadlessChromium start(Path workDir) throws IOException {
    if (!Files.isExecutable(BINARY)) {
      throw new AssertionError(BINARY + " is missing: the dashboard's test needs Debian's chromium package (apt-get install -y chromium)");
    }
    Path profile = Files.createDirectories(workDir.resolve("chromium-profile"));
    Process process = new ProcessBuilder(BINARY.toString(), "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
      "--no-first-run", "--remote-debugging-port=0", "--remote-allow-origins=*", "--user-data-dir=" + profile,
      "--window-size=1280,1500", "about:blank")
      .redirectErrorStream(true).redirectOutput(workDir.resolve("chromium.log").toFile()).start();
    Path activePort = profile.resolve("DevToolsActivePort");
    Poll.until(Duration.ofSeconds(30), () -> Files.exists(activePort) && Files.readAllLines(activePort).size() >= 2,
      () -> "chromium did not open its DevTools port");
    return new HeadlessChromium(process, Integer.parseInt(Files.readAllLines(activePort).get(0).trim()));
  }

  /** A new tab showing {@code url}, whose every request is recorded from the first. */
  Tab open(String url) throws Exception {
    HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/new?about:blank"))
        .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    if (created.statusCode() != 200) {
      throw new AssertionError("chromium refused a new tab: " + created.statusCode() + " " + created.body());
    }
    Tab tab = new Tab(http, new JsonObject(created.body()).getString("webSocketDebuggerUrl"));
    tab.call("Network.enable", new JsonObject());
    tab.call("Page.navigate", new JsonObject().put("url", url));
    tab.await("location.href !== 'about:blank' && document.readyState === 'complete'", CALL, "chromium did not load " + url);
    return tab;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }

  /** One page, over its own DevTools connection. */
  static final class Tab implements WebSocket.Listener {

    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonObject>> calls = new ConcurrentHashMap<>();
    private final List<JsonObject> requests = new CopyOnWriteArrayList<>();
    private final StringBuilder message = new StringBuilder();
    private final WebSocket socket;

    private Tab(HttpClient http, String webSocketUrl) throws Exception {
      this.socket = http.newWebSocketBuilder().buildAsync(URI.create(webSocketUrl), this).get(CALL.toSeconds(), TimeUnit.SECONDS);
    }

    /** The value of a JavaScript expression in the page (awaited when it is a promise). */
    Object evaluate(String expression) throws Exception {
      JsonObject result = call("Runtime.evaluate", new JsonObject().put("expression", expression).put("returnByValue", true)
        .put("awaitPromise", true));
      if (result.containsKey("exceptionDetails")) {
        throw new AssertionError("the page threw: " + result.getJsonObject("exceptionDetails").encode());
      }
      return result.getJsonObject("result").getValue("value");
    }

    /** Polls a JavaScript condition until it holds; fails with {@code what} and the page's text otherwise. */
    Duration await(String condition, Duration timeout, String what) {
      return Poll.until(timeout, () -> Boolean.TRUE.equals(evaluate(condition)), () -> {
        try {
          return what + "; the page read:\n" + evaluate("document.body.innerText");
        } catch (Exception e) {
          return what;
        }
      });
    }

    /** Every request the page has sent, in order: its {@code url}, {@code method} and {@code headers}, as Chromium reports them. */
    List<JsonObject> requests() {
      return List.copyOf(requests);
    }

    void screenshot(Path png) throws Exception {
      String data = call("Page.captureScreenshot", new JsonObject().put("format", "png").put("captureBeyondViewport", true))
        .getString("data");
      Files.createDirectories(png.getParent());
      Files.write(png, Base64.getDecoder().decode(data));
    }

    private JsonObject call(String method, JsonObject params) throws Exception {
      int id = ids.incrementAndGet();
      CompletableFuture<JsonObject> answer = new CompletableFuture<>();
      calls.put(id, answer);
      socket.sendText(new JsonObject().put("id", id).put("method", method).put("params", params).encode(), true)
        .get(CALL.toSeconds(), TimeUnit.SECONDS);
      JsonObject reply = answer.get(CALL.toSeconds(), TimeUnit.SECONDS);
      if (reply.containsKey("error")) {
        throw new AssertionError(method + " failed: " + reply.getJsonObject("error").encode());
      }
      return reply.getJsonObject("result");
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      message.append(data);
      if (last) {
        JsonObject received = new JsonObject(message.toString());
        message.setLength(0);
        CompletableFuture<JsonObject> call = received.containsKey("id") ? calls.remove(received.getInteger("id")) : null;
        if (call != null) {
          call.complete(received);
        } else if ("Network.requestWillBeSent".equals(received.getString("method"))) {
          requests.add(received.getJsonObject("params").getJsonObject("request"));
        }
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      List.copyOf(calls.values()).forEach(call -> call.completeExceptionally(error));
    }
  }
}
