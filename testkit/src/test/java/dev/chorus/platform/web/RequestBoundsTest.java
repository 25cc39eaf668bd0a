package dev.chorus.platform.web;

import dev.chorus.testkit.Poll;
import io.vertx.core.Future;
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
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import static dev.chorus.testkit.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real HTTP server with the bounds in front of a route that answers only when the test lets it. The tests assert what
 * the bounds decide — which request is refused, with which problem, and never before its time limit — not how fast the
 * machine answers.
 */
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
  @DisplayName("beyond the requests a node holds at once, the next is refused 503 overloaded with Retry-After while those stay in progress;"
    + " a freed place serves again")
  void boundsTheRequestsInProgress() {
    serve(2, Duration.ofSeconds(30));
    Future<Reply> first = send("/held", null);
    Future<Reply> second = send("/held", null);
    pollUntil(() -> held.size() == 2, () -> "the handler holds " + held.size() + " of 2 requests; answered: " + first + ", " + second);

    Reply refused = await(send("/quick", null));

    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(refused.retryAfter()).isEqualTo("1");
    assertThat(refused.type()).endsWith("/overloaded");
    assertThat(refused.shedBy()).as("the gate that shed it").isEqualTo("requests-in-progress");
    assertThat(refused.detail()).startsWith("this node has 2 requests in progress here");
    assertThat(first.isComplete()).as("the first held request, not refused").isFalse();
    assertThat(second.isComplete()).as("the second held request, not refused").isFalse();
    assertThat(bounds.inProgress()).isEqualTo(2);

    held.forEach(rc -> rc.response().end("released"));
    assertThat(await(first).body()).isEqualTo("released");
    assertThat(await(second).body()).isEqualTo("released");
    pollUntil(() -> bounds.inProgress() == 0, () -> bounds.inProgress() + " requests still counted in progress");
    assertThat(await(send("/quick", null)).body()).isEqualTo("done");
  }

  @Test
  @DisplayName("a request its handler never answers is refused 503 request-timeout, not before its time limit; a wait it asked for extends"
    + " the limit; the refused requests leave their places")
  void refusesARequestNotAnsweredWithinItsTimeLimit() {
    serve(10, Duration.ofMillis(300));

    long start = System.nanoTime();
    Reply timedOut = await(send("/held", null));
    Duration plain = Duration.ofNanos(System.nanoTime() - start);
    start = System.nanoTime();
    Reply waited = await(send("/held", "wait=1"));
    Duration extended = Duration.ofNanos(System.nanoTime() - start);

    assertThat(held).as("requests that reached the handler").hasSize(2);
    assertThat(timedOut.statusCode()).isEqualTo(503);
    assertThat(timedOut.type()).endsWith("/request-timeout");
    assertThat(timedOut.detail()).startsWith("the request took longer than 300 ms on this node");
    assertThat(plain).as("refused after its limit").isGreaterThanOrEqualTo(Duration.ofMillis(300));
    assertThat(waited.statusCode()).isEqualTo(503);
    assertThat(waited.type()).endsWith("/request-timeout");
    assertThat(waited.detail()).startsWith("the request took longer than 1300 ms on this node");
    assertThat(extended).as("refused after 300 ms and the second it asked for").isGreaterThanOrEqualTo(Duration.ofMillis(1_300));
    pollUntil(() -> bounds.inProgress() == 0, () -> bounds.inProgress() + " requests still counted in progress");
  }

  /** An answer, read whole. */
  private record Reply(int statusCode, String retryAfter, String body) {
    String type() {
      return new JsonObject(body).getString("type");
    }

    String detail() {
      return new JsonObject(body).getString("detail");
    }

    String shedBy() {
      return new JsonObject(body).getString("shedBy");
    }
  }

  private Future<Reply> send(String path, String prefer) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(server.actualPort()).setURI(path);
    if (prefer != null) {
      options.putHeader("Prefer", prefer);
    }
    return client.request(options).compose(request -> request.send())
      .compose(response -> response.body().map(body -> new Reply(response.statusCode(), response.getHeader("Retry-After"), body.toString())));
  }

  private static void pollUntil(Callable<Boolean> condition, Supplier<String> failure) {
    Poll.until(Duration.ofSeconds(10), condition, failure);
  }
}
