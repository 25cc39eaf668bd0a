package dev.chorus.platform.subscription;

import dev.chorus.platform.command.SqlWrite;
import dev.chorus.platform.eventstore.Partitioner;
import dev.chorus.platform.eventstore.StreamAppend;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The consumer transactions of one subscription's partitions on a node, committed together, one at a time.
 * <p>
 * While a transaction is in flight, the batches that the partitions submit wait for the next one, so that the
 * number of transactions follows the database's pace, not the number of events: at a low rate a batch commits at
 * once, at a high rate one transaction carries the batches of many partitions — every append first, then every
 * write, then one statement that records every processed event in the inbox and one that moves every fenced
 * checkpoint. A batch that appends to an own stream an earlier batch of the same transaction appends to, or that
 * moves the checkpoint of a partition an earlier batch moves, waits for the next transaction. A batch prepared on a
 * version of a stream older than one this subscription has since committed (it was prepared while that commit was
 * in flight) cannot commit: it is answered as deferred, without a round trip, and prepares again on what was
 * committed; once, for that commit: a batch prepared on the old version again (an image loaded before the commit, or a
 * commit the server lost in a crash) goes to the database, whose version check decides. If the shared transaction does not commit, each of its batches runs again alone and gets its own
 * outcome, so that a conflict, a lost lease or a failing write stays with the partition it belongs to. Batches are
 * gathered on the context that made this (the subscription's); one submitted from elsewhere is carried there first.
 */
final class ConsumerCommits {

  private static final int VERSIONS_KEPT = 10_000;

  private final Context context;
  private final Pool pool;
  private final Partitioner ownPartitioner;
  private final String subscription;
  private final PartitionLeases leases;
  private List<Batch> queued = new ArrayList<>();
  private boolean inFlight;
  /** The version each stream reached by this subscription's latest commits to it (the most recent streams only). */
  private final Map<String, Integer> committedVersions = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
      return size() > VERSIONS_KEPT;
    }
  };

  ConsumerCommits(Vertx vertx, Pool pool, Partitioner ownPartitioner, String subscription, PartitionLeases leases) {
    this.context = vertx.getOrCreateContext();
    this.pool = pool;
    this.ownPartitioner = ownPartitioner;
    this.subscription = subscription;
    this.leases = leases;
  }

  /** What a batch moves its partition to: the checkpoint it reaches and the events it processed. */
  record Progress(PartitionLeases.Position position, List<UUID> processed) {
  }

  Future<ConsumerTransaction.Outcome> run(List<StreamAppend> appends, List<SqlWrite> writes, Progress progress) {
    Promise<ConsumerTransaction.Outcome> outcome = Promise.promise();
    Batch batch = new Batch(appends, writes, progress, outcome);
    if (Vertx.currentContext() == context) {
      enqueue(batch);
    } else {
      context.runOnContext(v -> enqueue(batch));
    }
    return outcome.future();
  }

  private void enqueue(Batch batch) {
    if (queued.isEmpty() && !inFlight) {
      context.runOnContext(v -> flush());
    }
    queued.add(batch);
  }

  private void flush() {
    if (inFlight || queued.isEmpty()) {
      return;
    }
    List<Batch> batches = queued;
    queued = new ArrayList<>();
    List<Batch> together = new ArrayList<>();
    List<Batch> stale = new ArrayList<>();
    Set<String> streams = new HashSet<>();
    Set<Integer> partitions = new HashSet<>();
    for (Batch batch : batches) {
      Set<String> own = batch.ownStreams();
      int partition = batch.progress().position().partition();
      if (stale(batch)) {
        stale.add(batch);
      } else if (own.stream().anyMatch(streams::contains) || partitions.contains(partition)) {
        queued.add(batch);
      } else {
        together.add(batch);
        streams.addAll(own);
        partitions.add(partition);
      }
    }
    if (!together.isEmpty()) {
      inFlight = true;
      commit(together).onComplete(done -> {
        inFlight = false;
        flush();
      });
    }
    // Deferred once per commit: prepared on the same version again (its image older than the commit, or the commit lost
    // by the server), it goes to the database, whose version check decides.
    stale.forEach(batch -> batch.appends().forEach(append -> committedVersions.remove(append.streamId())));
    // Last: a deferred partition may submit its next batch at once, into the queue of the next transaction.
    stale.forEach(batch -> batch.outcome().complete(new ConsumerTransaction.Outcome.Deferred()));
  }

  private boolean stale(Batch batch) {
    return batch.appends().stream().anyMatch(append -> append.expectedVersion() < committedVersions.getOrDefault(append.streamId(), 0));
  }

  /** Answers a batch, remembering what it committed. */
  private void answer(Batch batch, ConsumerTransaction.Outcome outcome) {
    if (outcome instanceof ConsumerTransaction.Outcome.Committed) {
      batch.appends().forEach(append -> committedVersions.put(append.streamId(), append.expectedVersion() + append.events().size()));
    }
    batch.outcome().complete(outcome);
  }

  private Future<?> commit(List<Batch> batches) {
    if (batches.size() == 1) {
      return alone(batches.get(0));
    }
    return transaction(batches).compose(outcome -> {
      if (outcome instanceof ConsumerTransaction.Outcome.Committed) {
        batches.forEach(batch -> answer(batch, outcome));
        return Future.succeededFuture();
      }
      return Future.join(batches.stream().map(this::alone).toList());
    });
  }

  private Future<ConsumerTransaction.Outcome> alone(Batch batch) {
    return transaction(List.of(batch)).onSuccess(outcome -> answer(batch, outcome));
  }

  private Future<ConsumerTransaction.Outcome> transaction(List<Batch> batches) {
    List<StreamAppend> appends = new ArrayList<>();
    List<SqlWrite> writes = new ArrayList<>();
    List<UUID> processed = new ArrayList<>();
    List<PartitionLeases.Position> positions = new ArrayList<>();
    batches.forEach(batch -> {
      appends.addAll(batch.appends());
      writes.addAll(batch.writes());
      processed.addAll(batch.progress().processed());
      positions.add(batch.progress().position());
    });
    if (!processed.isEmpty()) {
      writes.add(Inbox.record(subscription, processed));
    }
    writes.add(leases.checkpoints(subscription, positions));
    return ConsumerTransaction.run(pool, ownPartitioner, appends, writes);
  }

  private record Batch(List<StreamAppend> appends, List<SqlWrite> writes, Progress progress,
                       Promise<ConsumerTransaction.Outcome> outcome) {

    Set<String> ownStreams() {
      Set<String> streams = new HashSet<>();
      appends.forEach(append -> streams.add(append.streamId()));
      return streams;
    }
  }
}
