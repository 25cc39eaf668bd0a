package dev.chorus.platform.subscription;

/**
 * How a subscription paces itself.
 *
 * @param batchSize      events read and processed per transaction, at most
 * @param maxAttempts    attempts at an event before it is parked
 * @param retryBackoffMs the wait after a first failed attempt; doubles with each further one (at most 5 s)
 * @param idlePollMs     how often the idle partitions of a subscription ask, together, for events whose hint was lost
 */
public record SubscriptionOptions(int batchSize, int maxAttempts, long retryBackoffMs, long idlePollMs) {

  public static SubscriptionOptions defaults() {
    return new SubscriptionOptions(500, 5, 100, 1_000);
  }

  long backoff(int attempt) {
    return Math.min(5_000, retryBackoffMs << Math.min(16, Math.max(0, attempt - 1)));
  }
}
