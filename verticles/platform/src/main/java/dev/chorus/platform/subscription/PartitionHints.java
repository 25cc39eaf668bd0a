package dev.chorus.platform.subscription;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.IntConsumer;

/**
 * The hints a subscription listens to on this node: one address per partition of the source it owns here, so that a
 * producer's hint crosses to the node that owns its partition and to no other (docs/decisions/0046). Followed on the
 * subscription's context, as its partitions come and go.
 */
final class PartitionHints {

  private final Vertx vertx;
  private final String source;
  private final IntConsumer hinted;
  private final Map<Integer, MessageConsumer<Void>> listening = new HashMap<>();
  /** The partitions listened to, for a look from another thread. */
  private volatile Set<Integer> listened = Set.of();

  /** @param hinted told of each partition of the source that grew, among those listened to */
  PartitionHints(Vertx vertx, String source, IntConsumer hinted) {
    this.vertx = vertx;
    this.source = source;
    this.hinted = hinted;
  }

  /** Listens to the partitions given, and to no others. */
  void listenTo(Set<Integer> partitions) {
    listening.entrySet().removeIf(entry -> {
      if (partitions.contains(entry.getKey())) {
        return false;
      }
      entry.getValue().unregister();
      return true;
    });
    for (int partition : partitions) {
      listening.computeIfAbsent(partition, p -> vertx.eventBus().consumer(LogAddresses.appended(source, p), message -> hinted.accept(p)));
    }
    listened = Set.copyOf(listening.keySet());
  }

  /** The partitions whose hints are listened to now. */
  Set<Integer> listened() {
    return listened;
  }
}
