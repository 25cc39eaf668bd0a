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
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The consumer transactions of one subscription's partitions on a node, committed together: the batches that the
 * partitions submit in the same turn of the event loop share one transaction — every append first, then every
 * write, inbox record and fenced checkpoint — unless their own appends touch a stream in common. If the shared
 * transaction does not commit, each batch runs again alone and gets its own outcome, so that a conflict, a lost
 * lease or a failing write stays with the partition it belongs to. Batches are gathered on the context that made
 * this (the subscription's); one submitted from elsewhere is carried there first.
 */
final class ConsumerCommits {

  private final Context context;
  private final Pool pool;
  private final Partitioner ownPartitioner;
  private List<Batch> queued = new ArrayList<>();

  ConsumerCommits(Vertx vertx, Pool pool, Partitioner ownPartitioner) {
    this.context = vertx.getOrCreateContext();
    this.pool = pool;
    this.ownPartitioner = ownPartitioner;
  }

  Future<ConsumerTransaction.Outcome> run(List<StreamAppend> appends, List<SqlWrite> writes) {
    Promise<ConsumerTransaction.Outcome> outcome = Promise.promise();
    Batch batch = new Batch(appends, writes, outcome);
    if (Vertx.currentContext() == context) {
      enqueue(batch);
    } else {
      context.runOnContext(v -> enqueue(batch));
    }
    return outcome.future();
  }

  private void enqueue(Batch batch) {
    if (queued.isEmpty()) {
      context.runOnContext(v -> flush());
    }
    queued.add(batch);
  }

  private void flush() {
    List<Batch> batches = queued;
    queued = new ArrayList<>();
    groups(batches).forEach(this::commit);
  }

  /** The batches in as few groups as can share a transaction: within a group, no own stream is appended to twice. */
  private static List<List<Batch>> groups(List<Batch> batches) {
    List<List<Batch>> groups = new ArrayList<>();
    List<Set<String>> streams = new ArrayList<>();
    for (Batch batch : batches) {
      Set<String> own = batch.ownStreams();
      int group = 0;
      while (group < groups.size() && !Collections.disjoint(streams.get(group), own)) {
        group++;
      }
      if (group == groups.size()) {
        groups.add(new ArrayList<>());
        streams.add(new HashSet<>());
      }
      groups.get(group).add(batch);
      streams.get(group).addAll(own);
    }
    return groups;
  }

  private void commit(List<Batch> group) {
    if (group.size() == 1) {
      alone(group.get(0));
      return;
    }
    List<StreamAppend> appends = new ArrayList<>();
    List<SqlWrite> writes = new ArrayList<>();
    group.forEach(batch -> {
      appends.addAll(batch.appends());
      writes.addAll(batch.writes());
    });
    ConsumerTransaction.run(pool, ownPartitioner, appends, writes).onSuccess(outcome -> {
      if (outcome instanceof ConsumerTransaction.Outcome.Committed) {
        group.forEach(batch -> batch.outcome().complete(outcome));
      } else {
        group.forEach(this::alone);
      }
    });
  }

  private void alone(Batch batch) {
    ConsumerTransaction.run(pool, ownPartitioner, batch.appends(), batch.writes()).onSuccess(batch.outcome()::complete);
  }

  private record Batch(List<StreamAppend> appends, List<SqlWrite> writes, Promise<ConsumerTransaction.Outcome> outcome) {

    Set<String> ownStreams() {
      Set<String> streams = new HashSet<>();
      appends.forEach(append -> streams.add(append.streamId()));
      return streams;
    }
  }
}
