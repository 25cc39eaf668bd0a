package dev.chorus.launcher;

import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Registers customers through whichever nodes are up, as a client of the cluster would: each registration
 * carries an Idempotency-Key, and a request that fails (its node died) is sent again to another node with
 * the same key, so that it takes effect exactly once.
 */
final class Registrations {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /** A registered customer: its id and who invited it (or null). */
  record Registered(String id, String invitedBy) {
  }

  private Registrations() {
  }

  /**
   * @param nodes     the nodes to spread requests over, asked for afresh before every attempt
   * @param count     how many customers
   * @param inviters  ids of customers who invite (every other new customer is invited by one of them)
   * @param inFlight  concurrent requests
   */
  static List<Registered> register(Supplier<List<NodeProcess>> nodes, int count, List<String> inviters, int inFlight) {
    return register(nodes, count, inviters, inFlight, new AtomicInteger());
  }

  /** As above, counting completed registrations in {@code progress}. */
  static List<Registered> register(Supplier<List<NodeProcess>> nodes, int count, List<String> inviters, int inFlight,
                                   AtomicInteger progress) {
    Semaphore slots = new Semaphore(inFlight);
    Map<Integer, Registered> done = new ConcurrentHashMap<>();
    List<CompletableFuture<Void>> all = new ArrayList<>();
    String run = UUID.randomUUID().toString().substring(0, 8);
    for (int i = 0; i < count; i++) {
      int n = i;
      String invitedBy = inviters.isEmpty() || i % 2 == 1 ? null : inviters.get(i % inviters.size());
      JsonObject body = new JsonObject().put("email", "c" + n + "-" + run + "@example.com").put("name", "Customer " + n);
      if (invitedBy != null) {
        body.put("invitedBy", invitedBy);
      }
      slots.acquireUninterruptibly();
      all.add(send(nodes, body, "reg-" + run + "-" + n, 0).thenAccept(id -> {
          done.put(n, new Registered(id, invitedBy));
          progress.incrementAndGet();
        })
        .whenComplete((v, e) -> slots.release()));
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
    List<Registered> result = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      result.add(done.get(i));
    }
    return result;
  }

  private static CompletableFuture<String> send(Supplier<List<NodeProcess>> nodes, JsonObject body, String key, int attempt) {
    List<NodeProcess> up = nodes.get();
    NodeProcess node = up.get(((key.hashCode() & 0x7fffffff) + attempt) % up.size());
    HttpRequest request = HttpRequest.newBuilder(URI.create(node.baseUrl() + "/customers"))
      .timeout(Duration.ofSeconds(10))
      .header("Content-Type", "application/json")
      .header("Idempotency-Key", key)
      .POST(HttpRequest.BodyPublishers.ofString(body.encode()))
      .build();
    return HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((response, failure) -> {
      if (failure == null && response.statusCode() == 201) {
        return CompletableFuture.completedFuture(new JsonObject(response.body()).getString("id"));
      }
      if (attempt >= 20) {
        throw new AssertionError("registration " + key + " failed: " + (failure != null ? failure : response.statusCode() + " " + response.body()));
      }
      return CompletableFuture.supplyAsync(() -> null, CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS))
        .thenCompose(ignored -> send(nodes, body, key, attempt + 1));
    }).thenCompose(f -> f);
  }
}
