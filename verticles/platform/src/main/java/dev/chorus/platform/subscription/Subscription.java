package dev.chorus.platform.subscription;

/**
 * A consumer group: one handler applied once to every event of a source context's log, each partition
 * owned by one node of the consuming context at a time.
 *
 * @param name       unique across the system, e.g. {@code promotions.welcome}; names its leases, inbox and checkpoints
 * @param source     the context whose log it follows
 * @param partitions the source log's partition count
 * @param handler    what it does with each event
 */
public record Subscription(String name, String source, int partitions, SubscriptionHandler handler) {
}
