package dev.chorus.platform.subscription;

import dev.chorus.platform.db.DatabaseFaults;
import dev.chorus.platform.eventstore.RecordedEvent;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;

/**
 * Which prepared events of a read go into one consumer transaction, and what a failure costs its event: a retry
 * after a backoff, or — after the last attempt — parking, with the later events of its stream waiting behind it.
 */
final class BatchAssembler {

  private static final Logger log = LoggerFactory.getLogger(BatchAssembler.class);

  private final String subscription;
  private final int partition;
  private final SubscriptionDeps deps;
  private final Map<UUID, Integer> attempts = new HashMap<>();

  BatchAssembler(String subscription, int partition, SubscriptionDeps deps) {
    this.subscription = subscription;
    this.partition = partition;
    this.deps = deps;
  }

  /**
   * The events taken into one transaction, in order: until one fails, one would touch an own stream twice, or one
   * follows an event of its own source stream and its effects may rest on what it read (so that it is prepared on
   * what its predecessor committed; effects from the event alone need not wait).
   *
   * @param done     events the inbox holds already: taken, without effects
   * @param prepared each event's effects, in the order of {@code events}
   * @param blocked  streams with a parked event: their events wait behind it
   */
  ConsumerBatch assemble(List<RecordedEvent> events, Set<UUID> done, List<Future<Effects>> prepared, Set<String> blocked) {
    ConsumerBatch batch = new ConsumerBatch();
    for (int i = 0; i < events.size(); i++) {
      RecordedEvent event = events.get(i);
      Future<Effects> effects = prepared.get(i);
      if (done.contains(event.eventId())) {
        batch.take(event);
      } else if (blocked.contains(event.streamId()) || batch.parkedStreams.contains(event.streamId())) {
        batch.waitBehindParked(subscription, event);
      } else if (batch.sourceStreams.contains(event.streamId()) && !(effects.succeeded() && effects.result().fromEventAlone())) {
        return batch;
      } else if (effects.failed() && DatabaseFaults.unavailable(effects.cause())) {
        batch.backoffMs = WorkerPacing.UNAVAILABLE_BACKOFF_MS;
        return batch;
      } else if (effects.failed()) {
        OptionalLong backoff = failed(event);
        if (backoff.isPresent()) {
          batch.backoffMs = backoff.getAsLong();
          return batch;
        }
        park(batch, event, ParkedEvents.error(effects.cause()));
      } else if (effects.result().isEmpty()) {
        batch.take(event);
      } else if (batch.accepts(effects.result())) {
        batch.takeWithEffects(event, effects.result());
      } else {
        return batch;
      }
    }
    return batch;
  }

  /** One more failed attempt of an event: the backoff before its next attempt, or none when it is to be parked. */
  OptionalLong failed(RecordedEvent event) {
    int attempt = attempts.merge(event.eventId(), 1, Integer::sum);
    deps.metrics().retries.increment();
    return attempt < deps.options().maxAttempts() ? OptionalLong.of(deps.options().backoff(attempt)) : OptionalLong.empty();
  }

  /** Parks an event that failed its last attempt, in {@code batch}. */
  void park(ConsumerBatch batch, RecordedEvent event, String error) {
    int attempt = attempts.getOrDefault(event.eventId(), 0);
    batch.park(subscription, event, attempt, error);
    try (MDC.MDCCloseable ignored = MDC.putCloseable("correlationId", Cause.of(event).correlationId().toString())) {
      log.warn("{}/{}: parked {} ({} of {}) after {} attempts: {}", subscription, partition, event.eventId(), event.type(),
        event.streamId(), attempt, error);
    }
  }

  /** The batch's events are through: their attempts are forgotten. */
  void committed(ConsumerBatch batch) {
    batch.taken.forEach(event -> attempts.remove(event.eventId()));
  }
}
