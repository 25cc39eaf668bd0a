package dev.chorus.platform.subscription;

import dev.chorus.platform.command.SqlWrite;
import dev.chorus.platform.eventstore.RecordedEvent;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * An operator's retry or skip of a parked event: the event is processed again (or recorded as handled without its
 * effects), then the events of its stream that waited behind it, in order, each in a fenced transaction of its own.
 * When the queue is through, its stream flows again; an event that fails again is parked again, where it stands. A
 * transaction the lease's fence refuses ends the replay with {@link PartitionLeases.Fenced}: this node no longer owns the
 * partition, and leaves its parked events as they are.
 */
final class ParkedStreamReplay {

  private final String subscription;
  private final int partition;
  private final SubscriptionDeps deps;
  private final ParkedEvents parked;
  private final Function<RecordedEvent, Future<Effects>> handler;
  private final LongSupplier epoch;
  private final Set<String> blocked;

  /**
   * @param handler the subscription's handler, failures as failed futures
   * @param epoch   the epoch of the partition's lease, which every transaction is fenced by
   * @param blocked the partition's blocked streams, which a replayed queue leaves
   */
  ParkedStreamReplay(String subscription, int partition, SubscriptionDeps deps, ParkedEvents parked,
                     Function<RecordedEvent, Future<Effects>> handler, LongSupplier epoch, Set<String> blocked) {
    this.subscription = subscription;
    this.partition = partition;
    this.deps = deps;
    this.parked = parked;
    this.handler = handler;
    this.epoch = epoch;
    this.blocked = blocked;
  }

  /** Processes a parked event again, then the events of its stream that waited behind it. */
  Future<JsonObject> retry(UUID eventId) {
    return queueOf(eventId).compose(queue -> drain(queue, 0, false));
  }

  /** Records a parked event as handled without its effects, then processes the events that waited behind it. */
  Future<JsonObject> skip(UUID eventId) {
    return queueOf(eventId).compose(queue -> drain(queue, 0, true));
  }

  private Future<List<ParkedEvents.Parked>> queueOf(UUID eventId) {
    return parked.find(subscription, eventId).compose(found -> {
      if (found.isEmpty()) {
        return Future.failedFuture(new IllegalArgumentException("no parked event " + eventId + " in " + subscription));
      }
      if (found.get().status().equals(ParkedEvents.WAITING)) {
        return Future.failedFuture(new IllegalArgumentException(eventId + " waits behind the parked event of stream "
          + found.get().event().streamId() + "; retry or skip that one"));
      }
      return parked.queue(subscription, found.get().event().streamId());
    });
  }

  private Future<JsonObject> drain(List<ParkedEvents.Parked> queue, int index, boolean skipFirst) {
    if (index == queue.size()) {
      if (!queue.isEmpty()) {
        blocked.remove(queue.get(0).event().streamId());
      }
      return Future.succeededFuture(new JsonObject().put("processed", queue.size()).put("status", "done"));
    }
    RecordedEvent event = queue.get(index).event();
    Future<Effects> effects = index == 0 && skipFirst ? Future.succeededFuture(Effects.NONE) : handler.apply(event);
    return effects.compose(prepared -> replay(event, prepared)).transform(result -> {
      if (result.succeeded()) {
        return drain(queue, index + 1, skipFirst);
      }
      if (result.cause() instanceof PartitionLeases.Fenced) {
        return Future.failedFuture(result.cause());
      }
      String error = ParkedEvents.error(result.cause());
      return parked.failedAgain(subscription, event.eventId(), error).map(v -> new JsonObject().put("processed", index)
        .put("status", "parked").put("eventId", event.eventId().toString()).put("error", error));
    });
  }

  /** One parked event's effects, its inbox record and its removal from the parked events, fenced by the lease. */
  private Future<Void> replay(RecordedEvent event, Effects effects) {
    ConsumerBatch batch = new ConsumerBatch();
    batch.take(event);
    batch.add(effects);
    List<SqlWrite> writes = new ArrayList<>(batch.writes);
    writes.add(Inbox.record(subscription, List.of(event.eventId())));
    writes.add(ParkedEvents.remove(subscription, event.eventId()));
    writes.add(deps.leases().fence(subscription, partition, epoch.getAsLong()));
    return ConsumerTransaction.run(deps.pool(), deps.ownPartitioner(), batch.appends(), writes).compose(outcome -> {
      if (outcome instanceof ConsumerTransaction.Outcome.Committed) {
        batch.committed(deps);
        return Future.succeededFuture();
      }
      batch.rolledBack();
      return Future.failedFuture(PartitionWorker.fenced(outcome) ? new PartitionLeases.Fenced(subscription, partition)
        : new IllegalStateException(outcome.toString()));
    });
  }
}
