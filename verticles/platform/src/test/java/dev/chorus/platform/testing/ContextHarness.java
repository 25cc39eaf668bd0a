package dev.chorus.platform.testing;

import dev.chorus.platform.context.BoundedContext;
import dev.chorus.platform.context.ContextRuntime;
import dev.chorus.platform.context.ContextSettings;
import dev.chorus.platform.context.Hosting;
import dev.chorus.platform.eventstore.Partitioner;
import dev.chorus.platform.subscription.LogHints;
import dev.chorus.platform.subscription.LogService;
import dev.chorus.platform.subscription.Membership;
import dev.chorus.platform.subscription.SubscriptionRegistry;
import io.vertx.core.Future;
import dev.chorus.platform.web.ContextRoutes;
import dev.chorus.platform.web.WebErrors;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.chorus.platform.testing.Await.await;

/**
 * One bounded context hosted in this JVM against a real PostgreSQL, served over real HTTP on a free port,
 * mounted as a node mounts it. For context-level tests; whole nodes are tested from the jar.
 */
public final class ContextHarness implements AutoCloseable {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public final TestSchema db;
  public final Pool pool;
  public final ContextRuntime runtime;
  private final HttpServer server;

  public ContextHarness(BoundedContext context) {
    this.db = new TestSchema(context.name());
    this.pool = db.pool(8);
    String nodeId = "test-node-" + UUID.randomUUID();
    this.runtime = new ContextRuntime(db.vertx, pool, pool, nodeId, new Partitioner(Partitioner.DEFAULT_PARTITIONS), new SimpleMeterRegistry(),
      new LogHints(db.vertx, context.name()), Membership.fixed(List.of(nodeId), Map.of()), new SubscriptionRegistry(),
      ContextSettings.none(context.name()), () -> false);
    Hosting hosting = context.host(runtime);
    await(LogService.serve(db.vertx, context.name(), pool));
    await(hosting.start());
    Router root = Router.router(db.vertx);
    ContextRoutes.mount(root, context.name(), rc -> rc.next(), hosting.router());
    WebErrors.install(root);
    this.server = await(db.vertx.createHttpServer().requestHandler(root).listen(0));
  }

  public int port() {
    return server.actualPort();
  }

  public HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET().build());
  }

  public HttpResponse<String> post(String path, String contentType, String body, Map<String, String> headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    headers.forEach(request::header);
    return send(request.build());
  }

  public HttpResponse<String> postJson(String path, JsonObject body) {
    return post(path, "application/json", body.encode(), Map.of());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port() + path);
  }

  private static HttpResponse<String> send(HttpRequest request) {
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Override
  public void close() {
    await(server.close());
    db.close();
  }
}
