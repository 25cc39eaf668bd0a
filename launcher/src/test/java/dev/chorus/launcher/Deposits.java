package dev.chorus.launcher;

import dev.chorus.testkit.Poll;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Deposits of distinct amounts into one wallet over HTTP, each with its own {@code Idempotency-Key}; what each answer was. */
final class Deposits {

private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final NodeProcess node;
  private final String path;
  private final AtomicInteger sequence = new AtomicInteger();
  private final Map<String, Long> unanswered = new ConcurrentHashMap<>();
  private final Map<String, Long> answeredKeys = new ConcurrentHashMap<>();
  private final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
  private final AtomicInteger answeredFirstTime = new AtomicInteger();

  Deposits(NodeProcess node, UUID wallet) {
    this.node = node;
    this.path = "/payments/wallets/" + wallet + "/deposits";
  }

  boolean sendNew() {
    int n = sequence.incrementAndGet();
    String key = "deposit-" + n;
    long amount = 1 + n % 97;
    unanswered.put(key, amount);
    boolean answered = send(key, amount);
    if (answered) {
      answeredFirstTime.incrementAndGet();
    }
    return answered;
  }

  void retryUnanswered(Duration timeout) {
    Poll.until(timeout, () -> {
      for (Map.Entry<String, Long> deposit : new TreeMap<>(unanswered).entrySet()) {
        send(deposit.getKey(), deposit.getValue());
      }
      return unanswered.isEmpty();
    }, () -> unanswered.size() + " deposits still unanswered: " + this);
  }

  private boolean send(String key, long amount) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(node.baseUrl() + path)).timeout(Duration.ofSeconds(5))
      .header("Content-Type", "application/json").header("Idempotency-Key", key)
      .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("amount", amount).encode())).build();
    try {
      int status = HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
      if (status == 200) {
        unanswered.remove(key);
        answeredKeys.put(key, amount);
        return true;
      }
      return false;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  int answered() {
    return answeredKeys.size();
  }

  int answeredFirstTime() {
    return answeredFirstTime.get();
  }

  int sent() {
    return sequence.get();
  }

  long total() {
    return answeredKeys.values().stream().mapToLong(Long::longValue).sum();
  }

  Map<Integer, Integer> statuses() {
    Map<Integer, Integer> counts = new TreeMap<>();
    statuses.forEach((status, count) -> counts.put(status, count.get()));
    return counts;
  }

  long balance() throws IOException, InterruptedException {
    JsonObject wallet = node.getJson(path.replace("/deposits", ""));
    Long balance = wallet.getLong("balance");
    if (balance == null) {
      throw new IOException("no balance in " + wallet.encode());
    }
    return balance;
  }

  @Override
  public String toString() {
    String balance;
    try {
      balance = Long.toString(balance());
    } catch (IOException | InterruptedException | RuntimeException e) {
      balance = "unreadable (" + e + ")";
    }
    return sent() + " sent, " + answered() + " answered 200, answers " + statuses() + ", balance " + balance;
  }
}
