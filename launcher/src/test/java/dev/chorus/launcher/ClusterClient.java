package dev.chorus.launcher;

import io.vertx.core.json.JsonObject;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Posts commands to whichever nodes are up, as a client of the cluster would: each request carries an
 * Idempotency-Key, and a request that gets no answer (its node died) or a 5xx is sent again to another node
 * with the same key (after a pause that grows to a second), so that it takes effect exactly once. Any other
 * status is the command's answer.
 */
final class ClusterClient {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final int ATTEMPTS = 20;
  /** Longer than a node holds a request (10 s): a request that gets no answer in time got none at all. */
  private static final Duration ANSWER_WITHIN = Duration.ofSeconds(15);

  /** One command: where to post it, its body and its idempotency key. */
  record Post(String path, JsonObject body, String key) {
  }

  private ClusterClient() {
  }

  /**
   * Sends every post with at most {@code inFlight} outstanding, counting answered ones in {@code progress};
   * returns the answers in the order of {@code posts}.
   */
  static List<HttpResponse<String>> postAll(Supplier<List<NodeProcess>> nodes, List<Post> posts, int inFlight, AtomicInteger progress) {
    return postAll(nodes, posts, inFlight, progress, new RequestLog());
  }

  /** As above, recording every attempt in {@code log}. */
  static List<HttpResponse<String>> postAll(Supplier<List<NodeProcess>> nodes, List<Post> posts, int inFlight, AtomicInteger progress,
                                            RequestLog log) {
    Semaphore slots = new Semaphore(inFlight);
    List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
    for (Post post : posts) {
      slots.acquireUninterruptibly();
      all.add(post(nodes, post, 0, log).whenComplete((response, failure) -> {
        progress.incrementAndGet();
        slots.release();
      }));
    }
    return all.stream().map(CompletableFuture::join).toList();
  }

  /** Sends one post, retried as above; every attempt is recorded in {@code log}. */
  static CompletableFuture<HttpResponse<String>> send(Supplier<List<NodeProcess>> nodes, Post post, RequestLog log) {
    return post(nodes, post, 0, log);
  }

  private static CompletableFuture<HttpResponse<String>> post(Supplier<List<NodeProcess>> nodes, Post post, int attempt, RequestLog log) {
    List<NodeProcess> up = nodes.get();
    NodeProcess node = up.get(((post.key().hashCode() & 0x7fffffff) + attempt) % up.size());
    HttpRequest request = node.request(post.path())
      .timeout(ANSWER_WITHIN)
      .header("Content-Type", "application/json")
      .header("Idempotency-Key", post.key())
      .POST(HttpRequest.BodyPublishers.ofString(post.body().encode()))
      .build();
    return HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((response, failure) -> {
      log.add(node.toString(), failure == null ? response.statusCode() : RequestLog.UNANSWERED);
      if (failure == null && response.statusCode() < 500) {
        return CompletableFuture.completedFuture(response);
      }
      if (attempt >= ATTEMPTS) {
        throw new AssertionError(post.path() + " " + post.key() + " failed " + ATTEMPTS + " times, last: "
          + (failure != null ? failure : response.statusCode() + " " + response.body()));
      }
      long pause = Math.min(1_000, 100L * (attempt + 1));
      return CompletableFuture.supplyAsync(() -> null, CompletableFuture.delayedExecutor(pause, TimeUnit.MILLISECONDS))
        .thenCompose(ignored -> post(nodes, post, attempt + 1, log));
    }).thenCompose(answer -> answer);
  }
}
