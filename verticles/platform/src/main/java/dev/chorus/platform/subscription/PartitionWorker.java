package dev.chorus.platform.subscription;

import dev.chorus.platform.db.DatabaseFaults;
import dev.chorus.platform.eventstore.Checkpoint;
import dev.chorus.platform.eventstore.RecordedEvent;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One partition of a subscription, while this node holds its lease: reads the source partition in
 * gap-safe batches and applies each batch in one transaction — the consumer's own appends, the effects,
 * the inbox records and the fenced checkpoint. Everything runs on one Vert.x context, one step at a time.
 * <p>
 * Which events go into a transaction, and what a failed event costs — a retry after a backoff, or parking after the
 * last attempt, its stream's later events waiting behind it while other streams flow — is the
 * {@link BatchAssembler}'s; an operator's retry or skip of a parked event is the {@link ParkedStreamReplay}'s. A batch
 * whose transaction fails is replayed one event at a time to find the culprit.
 * <p>
 * A partition with nothing to read waits for a hint (or the subscription's safety poll, which wakes it only when
 * events wait behind its checkpoint), not on a timer of its own.
 * So does one whose last read was complete — fewer events than it asked for, none pending behind them — once its
 * batches have taken every event that read returned, unless a hint came after that read was sent: it does not read
 * again only to find nothing.
 * The inbox is read before preparing only when a batch could hold processed events — the first batch under a new
 * lease, and the batch after one refused as a duplicate; otherwise the guarded inbox insert alone refuses duplicates.
 * <p>
 * An event without effects leaves nothing to deduplicate: it gets no inbox record, and a batch of such events no
 * transaction. The checkpoint moves past them at once in memory, and reaches the database with the next batch that
 * has effects, at the subscription's safety poll, or with a batch that comes a safety-poll interval after the last
 * save. A node that stops before then leaves them to be read again by the next owner, which finds them without
 * effects again (docs/decisions/0023).
 */
final class PartitionWorker {

  private static final Logger log = LoggerFactory.getLogger(PartitionWorker.class);

  /** How long taking a lease and reading the partition's parked streams may take before the start counts as failed. */
  static final Duration START_LIMIT = Duration.ofSeconds(10);

  private enum Step { PROGRESSED, PENDING, IDLE, BACKOFF, FENCED }

  private final Vertx vertx;
  private final Context context;
  private final Subscription subscription;
  private final int partition;
  private final String nodeId;
  private final SubscriptionDeps deps;
  private final ParkedEvents parked;
  private final Runnable onFenced;

  private long epoch;
  private Checkpoint checkpoint = Checkpoint.START;
  private Checkpoint soloUntil;
  private final WorkerPacing pacing;
  private final Set<String> blocked = new HashSet<>();
  private final BatchAssembler assembler;
  private final ParkedStreamReplay replay;
  private final ArrayDeque<Supplier<Future<?>>> operations = new ArrayDeque<>();
  private boolean busy;
  private boolean stopped;
  private boolean hinted;
  /** The last read returned everything readable then: fewer events than asked for, none pending behind them. */
  private boolean readComplete;
  private boolean pendingRelease;
  private boolean idle;
  private boolean verifyInbox = true;
  private boolean checkpointUnsaved;
  private long checkpointSavedAt = System.nanoTime();
  private long waitTimer = -1;
  private long backoffMs;
  private volatile long lag = -1;
  private final Promise<Void> finished = Promise.promise();

  /** Runs on {@code context}: its subscription's, which asks it about its state (see {@link #waitsForEvents}). */
  PartitionWorker(Vertx vertx, Context context, Subscription subscription, int partition, String nodeId, SubscriptionDeps deps,
                  Runnable onFenced) {
    this.vertx = vertx;
    this.context = context;
    this.subscription = subscription;
    this.partition = partition;
    this.nodeId = nodeId;
    this.deps = deps;
    this.parked = new ParkedEvents(deps.pool());
    this.onFenced = onFenced;
    this.pacing = new WorkerPacing(deps.options().batchSize());
    this.assembler = new BatchAssembler(subscription.name(), partition, deps);
    this.replay = new ParkedStreamReplay(subscription.name(), partition, deps, parked, this::handle, () -> epoch, blocked);
  }

  /**
   * Takes the lease (fencing the previous owner, unless a node outside {@code view} that still reaches the database holds
   * it) and starts reading from its checkpoint. Fails within {@link #START_LIMIT}; a lease taken by a start that fails
   * after all is given back.
   */
  Future<Void> start(List<String> view) {
    return deps.leases().acquire(subscription.name(), partition, nodeId, view)
      .compose(lease -> {
        epoch = lease.epoch();
        checkpoint = lease.checkpoint();
        return parked.blockedStreams(subscription.name(), partition);
      })
      .timeout(START_LIMIT.toMillis(), TimeUnit.MILLISECONDS)
      .onSuccess(streams -> {
        blocked.addAll(streams);
        poll();
      })
      .onFailure(e -> {
        if (epoch > 0) {
          deps.leases().release(subscription.name(), partition, nodeId, epoch);
        }
      })
      .mapEmpty();
  }

  /** Stops after the step in progress; releases the lease unless it was taken from us. */
  Future<Void> stop(boolean release) {
    context.runOnContext(v -> {
      if (!stopped) {
        stopped = true;
        pendingRelease = release;
        cancelWait();
        deps.metrics().lag(partition, -1);
        if (!busy) {
          finish(release);
        }
      }
    });
    return finished.future();
  }

  /** The source partition grew. */
  void hint() {
    context.runOnContext(v -> {
      hinted = true;
      if (!busy && !stopped) {
        poll();
      }
    });
  }

  /**
   * Idle with its checkpoint saved: only events can give it work. Asked on its context, by its subscription's
   * safety poll, which wakes it when events wait behind its checkpoint.
   */
  boolean waitsForEvents() {
    return idle && !busy && !stopped && !checkpointUnsaved;
  }

  /** The safety poll: an idle partition saves a checkpoint moved past events without effects, or reads events whose hint was lost. */
  void wake() {
    context.runOnContext(v -> {
      if (idle && !busy && !stopped) {
        if (checkpointUnsaved) {
          saveCheckpoint();
        } else {
          poll();
        }
      }
    });
  }

  int partition() {
    return partition;
  }

  /** The epoch of the lease it runs under. */
  long epoch() {
    return epoch;
  }

  Checkpoint checkpoint() {
    return checkpoint;
  }

  /** The events behind this partition's checkpoint, as last counted. */
  void lag(long events) {
    if (!stopped) {
      lag = events;
      deps.metrics().lag(partition, events);
    }
  }

  JsonObject status() {
    return new JsonObject().put("partition", partition).put("epoch", epoch).put("lag", lag)
      .put("checkpoint", checkpoint.toString()).put("parkedStreams", blocked.size()).put("waitingForEvents", waitsForEvents());
  }

  /** Processes a parked event again, then the events of its stream that waited behind it. */
  Future<JsonObject> retry(UUID eventId) {
    return operate(() -> replay.retry(eventId));
  }

  /** Records a parked event as handled without its effects, then processes the events that waited behind it. */
  Future<JsonObject> skip(UUID eventId) {
    return operate(() -> replay.skip(eventId));
  }

  private void poll() {
    if (stopped || busy) {
      return;
    }
    cancelWait();
    idle = false;
    busy = true;
    readComplete = false;
    Supplier<Future<?>> operation = operations.poll();
    if (operation != null) {
      operation.get().onComplete(done -> stepDone(done.failed() && done.cause() instanceof PartitionLeases.Fenced
        ? Step.FENCED : Step.PROGRESSED));
      return;
    }
    hinted = false;
    boolean solo = soloUntil != null && soloUntil.isAfter(checkpoint);
    int limit = solo ? 1 : pacing.batchLimit();
    deps.log().read(partition, checkpoint, limit)
      .compose(read -> {
        boolean everythingReadable = !read.pending() && read.batch().events().size() < limit;
        Future<Step> step = read.batch().isEmpty()
          ? Future.succeededFuture(read.pending() ? Step.PENDING : Step.IDLE)
          : process(read.batch().events());
        // Complete only once its batches took every event it returned: a batch may stop short of the read's end.
        return step.onSuccess(done -> readComplete = everythingReadable && !read.batch().next().isAfter(checkpoint));
      })
      .onComplete(result -> {
        if (result.failed()) {
          log.warn("{}/{}: {}", subscription.name(), partition, result.cause().getMessage());
          backoffMs = deps.options().idlePollMs();
        }
        stepDone(result.succeeded() ? result.result() : Step.BACKOFF);
      });
  }

  private void saveCheckpoint() {
    idle = false;
    busy = true;
    Checkpoint saved = checkpoint;
    deps.commits().run(List.of(), List.of(), progress(saved, List.of())).onSuccess(outcome -> {
      if (outcome instanceof ConsumerTransaction.Outcome.Committed) {
        checkpointUnsaved = !saved.equals(checkpoint);
      }
      stepDone(fenced(outcome) ? Step.FENCED : Step.PROGRESSED);
    });
  }

  private void stepDone(Step step) {
    busy = false;
    if (stopped) {
      finish(pendingRelease);
      return;
    }
    if (step != Step.PENDING) {
      pacing.notPending();
    }
    switch (step) {
      case PROGRESSED -> pollOrIdle(!readComplete);
      case PENDING -> waitFor(pacing.pending());
      case IDLE -> pollOrIdle(false);
      case BACKOFF -> waitFor(backoffMs);
      case FENCED -> {
        log.info("{}/{}: lease taken over (epoch {}), stopping here", subscription.name(), partition, epoch);
        stopped = true;
        deps.metrics().lag(partition, -1);
        finish(false);
        onFenced.run();
      }
    }
  }

  private void pollOrIdle(boolean moreToRead) {
    if (moreToRead || hinted || !operations.isEmpty()) {
      context.runOnContext(v -> poll());
    } else {
      idle = true;
    }
  }

  private Future<Step> process(List<RecordedEvent> events) {
    Future<Set<UUID>> processed = verifyInbox
      ? Inbox.processed(deps.reads(), subscription.name(), events.stream().map(RecordedEvent::eventId).toList())
      : Future.succeededFuture(Set.of());
    return processed
      .compose(done -> {
        // Prepared side by side, in one turn (the stream reads they need share a statement), then taken in order.
        List<Future<Effects>> prepared = new ArrayList<>();
        for (RecordedEvent event : events) {
          boolean skip = done.contains(event.eventId()) || blocked.contains(event.streamId());
          prepared.add(skip ? Future.succeededFuture(Effects.NONE) : handle(event));
        }
        return Future.join(prepared).transform(ignored -> Future.succeededFuture(assembler.assemble(events, done, prepared, blocked)));
      })
      .compose(this::commit);
  }

  private Future<Effects> handle(RecordedEvent event) {
    try {
      return subscription.handler().prepare(event);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private Future<Step> commit(ConsumerBatch batch) {
    if (batch.taken.isEmpty()) {
      backoffMs = batch.backoffMs;
      return Future.succeededFuture(Step.BACKOFF);
    }
    Checkpoint next = batch.reaches();
    if (batch.writesNothing() && System.nanoTime() - checkpointSavedAt < deps.options().idlePollMs() * 1_000_000) {
      committed(batch, next);
      checkpointUnsaved = true;
      return Future.succeededFuture(progressed(batch));
    }
    return deps.commits().run(batch.appends(), batch.writes, progress(next, batch.processed)).compose(outcome -> {
      if (outcome instanceof ConsumerTransaction.Outcome.Committed) {
        committed(batch, next);
        checkpointUnsaved = false;
        checkpointSavedAt = System.nanoTime();
        pacing.committed();
        verifyInbox = false;
        return Future.succeededFuture(progressed(batch));
      }
      if (outcome instanceof ConsumerTransaction.Outcome.Deferred) {
        return process(batch.taken);
      }
      batch.rolledBack();
      if (fenced(outcome)) {
        return Future.succeededFuture(Step.FENCED);
      }
      boolean duplicate = outcome instanceof ConsumerTransaction.Outcome.Refused refused && refused.rejection() == Inbox.DUPLICATE;
      if (duplicate || outcome instanceof ConsumerTransaction.Outcome.Conflict) {
        verifyInbox |= duplicate;
        backoffMs = pacing.conflicted(batch.taken.size());
        return Future.succeededFuture(Step.BACKOFF);
      }
      return transactionFailed(batch, outcome);
    });
  }

  private ConsumerCommits.Progress progress(Checkpoint reached, List<UUID> processed) {
    return new ConsumerCommits.Progress(new PartitionLeases.Position(partition, epoch, reached), processed);
  }

  static boolean fenced(ConsumerTransaction.Outcome outcome) {
    return outcome instanceof ConsumerTransaction.Outcome.Refused refused && refused.rejection() == PartitionLeases.FENCED;
  }

  private Step progressed(ConsumerBatch batch) {
    if (batch.backoffMs > 0) {
      backoffMs = batch.backoffMs;
      return Step.BACKOFF;
    }
    return Step.PROGRESSED;
  }

  private void committed(ConsumerBatch batch, Checkpoint next) {
    batch.committed(deps);
    assembler.committed(batch);
    blocked.addAll(batch.parkedStreams);
    checkpoint = next;
  }

  /**
   * The batch's own writes failed: find the culprit one event at a time, and count the attempt against it. A
   * database that could not be reached is waited out and counts against nothing; a failed parking is tried again
   * after the longest backoff.
   */
  private Future<Step> transactionFailed(ConsumerBatch batch, ConsumerTransaction.Outcome outcome) {
    if (outcome instanceof ConsumerTransaction.Outcome.Failed failed && DatabaseFaults.unavailable(failed.cause())) {
      backoffMs = WorkerPacing.UNAVAILABLE_BACKOFF_MS;
      return Future.succeededFuture(Step.BACKOFF);
    }
    String error = outcome instanceof ConsumerTransaction.Outcome.Failed failed ? ParkedEvents.error(failed.cause())
      : ((ConsumerTransaction.Outcome.Refused) outcome).rejection().message();
    if (batch.parks) {
      log.warn("{}/{}: could not park {}: {}", subscription.name(), partition, batch.taken.get(0).eventId(), error);
      backoffMs = deps.options().backoff(deps.options().maxAttempts());
      return Future.succeededFuture(Step.BACKOFF);
    }
    if (batch.taken.size() > 1) {
      soloUntil = batch.taken.get(batch.taken.size() - 1).checkpoint();
      backoffMs = WorkerPacing.CONFLICT_BACKOFF_MS;
      return Future.succeededFuture(Step.BACKOFF);
    }
    RecordedEvent event = batch.taken.get(0);
    OptionalLong backoff = assembler.failed(event);
    if (backoff.isPresent()) {
      backoffMs = backoff.getAsLong();
      return Future.succeededFuture(Step.BACKOFF);
    }
    ConsumerBatch parking = new ConsumerBatch();
    parking.parks = true;
    assembler.park(parking, event, error);
    return commit(parking);
  }

  private Future<JsonObject> operate(Supplier<Future<JsonObject>> operation) {
    Promise<JsonObject> result = Promise.promise();
    context.runOnContext(v -> {
      if (stopped) {
        result.fail(new IllegalStateException("this node no longer owns partition " + partition));
        return;
      }
      operations.add(() -> operation.get().onComplete(result));
      poll();
    });
    return result.future();
  }

  private void waitFor(long millis) {
    cancelWait();
    waitTimer = vertx.setTimer(Math.max(1, millis), id -> {
      waitTimer = -1;
      poll();
    });
  }

  private void cancelWait() {
    if (waitTimer != -1) {
      vertx.cancelTimer(waitTimer);
      waitTimer = -1;
    }
  }

  private void finish(boolean release) {
    Future<Void> released = release ? deps.leases().release(subscription.name(), partition, nodeId, epoch) : Future.succeededFuture();
    released.onComplete(ignored -> finished.tryComplete());
  }
}
