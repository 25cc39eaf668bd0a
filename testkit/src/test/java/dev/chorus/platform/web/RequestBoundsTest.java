package dev.chorus.platform.web;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.chorus.testkit.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

/** A real HTTP server with the bounds in front of a route that answers only when the test lets it. */
class RequestBoundsTest {

  private final Vertx vertx = Vertx.vertx();
  private final List<RoutingContext> held = new CopyOnWriteArrayList<>();
  private final HttpClientAgent client = vertx.createHttpClient();
  private RequestBounds bounds;
  private HttpServer server;

  private void serve(int maxInProgress, Duration timeLimit) {
    bounds = new RequestBounds(maxInProgress, timeLimit);
    Router router = Router.router(vertx);
    router.route("/held").handler(bounds).handler(held::add);
    router.route("/quick").handler(bounds).handler(rc -> rc.response().end("done"));
    server = await(vertx.createHttpServer().requestHandler(router).listen(0));
  }

  @AfterEach
  void close() {
    await(vertx.close());
  }

  @Test
  @DisplayName("beyond the requests a node holds at once, the next is answered 503 with Retry-After at once; a freed place serves again")
  void boundsTheRequestsInProgress() {
    serve(2, Duration.ofSeconds(30));
    var first = send("/held", null);
    var second = send("/held", null);
    pollUntil(() -> bounds.inProgress() == 2);

    Reply refused = await(send("/quick", null));
    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(refused.retryAfter()).isEqualTo("1");
    assertThat(refused.type()).endsWith("/overloaded");

    held.forEach(rc -> rc.response().end("released"));
    assertThat(await(first).statusCode()).isEqualTo(200);
    assertThat(await(second).statusCode()).isEqualTo(200);
    pollUntil(() -> bounds.inProgress() == 0);
    assertThat(await(send("/quick", null)).statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("a request not answered within its time limit gets 503 request-timeout; a wait it asked for extends the limit")
  void answersWithinTheTimeLimit() {
    serve(10, Duration.ofMillis(300));
    long start = System.nanoTime();
    Reply timedOut = await(send("/held", null));
    long plain = System.nanoTime() - start;
    assertThat(timedOut.statusCode()).isEqualTo(503);
    assertThat(timedOut.type()).endsWith("/request-timeout");
    assertThat(Duration.ofNanos(plain)).isBetween(Duration.ofMillis(300), Duration.ofMillis(1_300));

    start = System.nanoTime();
    assertThat(await(send("/held", "wait=1")).statusCode()).isEqualTo(503);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).as("300 ms and the second asked for").isGreaterThanOrEqualTo(Duration.ofMillis(1_300));
    pollUntil(() -> bounds.inProgress() == 0);
  }

  /** An answer, read whole. */
  private record Reply(int statusCode, String retryAfter, String body) {
    String type() {
      return new JsonObject(body).getString("type");
    }
  }

  private io.vertx.core.Future<Reply> send(String path, String prefer) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(server.actualPort()).setURI(path);
    if (prefer != null) {
      options.putHeader("Prefer", prefer);
    }
    return client.request(options).compose(request -> request.send())
      .compose(response -> response.body().map(body -> new Reply(response.statusCode(), response.getHeader("Retry-After"), body.toString())));
  }

  private static void pollUntil(java.util.function.BooleanSupplier condition) {
    dev.chorus.testkit.Poll.until(Duration.ofSeconds(5), condition::getAsBoolean, () -> "condition not met");
  }
}
