package dev.chorus.platform.command;

import dev.chorus.platform.eventstore.Partitioner;
import dev.chorus.platform.eventstore.StreamAppend;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Group commit: the appends of concurrent commands share transactions. While transactions are in flight,
 * new appends queue; each free slot takes what has queued (one append per stream) into one transaction —
 * one multi-row append statement, the commands' writes pipelined behind it, one commit, one WAL flush.
 * <p>
 * Each command still succeeds or fails on its own. When anything in a shared transaction goes wrong, it
 * rolls back: commands whose stream moved on learn of the conflict, the others run again without them, and
 * a command whose guarded write failed (or whose statement errored) runs once more in a transaction of its
 * own, so that only its own fault is reported to it.
 * <p>
 * All state lives on one Vert.x context; {@link #append} may be called from any thread.
 */
final class GroupCommitAppender implements Appender {

  private final Context context;
  private final Pool pool;
  private final Partitioner partitioner;
  private final Appenders.GroupOptions options;
  private final CommitListener listener;
  private final ArrayDeque<PendingAppend> queue = new ArrayDeque<>();
  private final AtomicLong transactions = new AtomicLong();
  private final AtomicLong committedAppends = new AtomicLong();
  private int inFlight;

  GroupCommitAppender(Vertx vertx, Pool pool, Partitioner partitioner, Appenders.GroupOptions options, CommitListener listener) {
    this.listener = listener;
    this.context = vertx.getOrCreateContext();
    this.pool = pool;
    this.partitioner = partitioner;
    this.options = options;
  }

  @Override
  public Future<AppendOutcome> append(StreamAppend append, List<SqlWrite> writes) {
    Promise<AppendOutcome> outcome = Promise.promise();
    context.runOnContext(v -> {
      if (queue.size() >= options.maxQueued()) {
        outcome.complete(new AppendOutcome.Overloaded());
        return;
      }
      queue.addLast(new PendingAppend(append, List.copyOf(writes), false, outcome));
      drain();
    });
    return outcome.future();
  }

  @Override
  public long transactions() {
    return transactions.get();
  }

  @Override
  public long committedAppends() {
    return committedAppends.get();
  }

  private void drain() {
    while (inFlight < options.maxInFlight() && !queue.isEmpty()) {
      execute(nextBatch());
    }
  }

  /** The solo append at the head, or up to {@code maxBatch} appends to distinct streams. */
  private List<PendingAppend> nextBatch() {
    if (queue.peekFirst().solo()) {
      return List.of(queue.pollFirst());
    }
    List<PendingAppend> batch = new ArrayList<>();
    Set<String> streams = new HashSet<>();
    for (Iterator<PendingAppend> it = queue.iterator(); it.hasNext() && batch.size() < options.maxBatch(); ) {
      PendingAppend next = it.next();
      if (next.solo()) {
        break;
      }
      if (streams.add(next.append().streamId())) {
        batch.add(next);
        it.remove();
      }
    }
    return batch;
  }

  private void execute(List<PendingAppend> batch) {
    inFlight++;
    transactions.incrementAndGet();
    pool.withConnection(connection -> AppendTransaction.run(connection, partitioner, batch))
      .onComplete(result -> {
        inFlight--;
        if (result.succeeded()) {
          settle(batch, result.result());
        } else {
          batch.forEach(p -> p.outcome().complete(new AppendOutcome.Failed(result.cause())));
        }
        drain();
      });
  }

  private void settle(List<PendingAppend> batch, List<AppendTransaction.Verdict> verdicts) {
    List<PendingAppend> again = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      PendingAppend pending = batch.get(i);
      AppendTransaction.Verdict verdict = verdicts.get(i);
      switch (verdict.kind()) {
        case RUN_AGAIN -> again.add(pending);
        case RUN_ALONE -> again.add(pending.alone());
        default -> {
          if (verdict.kind() == AppendTransaction.Verdict.Kind.COMMITTED) {
            committedAppends.incrementAndGet();
            listener.committed(pending.append());
          }
          pending.outcome().complete(verdict.outcome());
        }
      }
    }
    for (int i = again.size() - 1; i >= 0; i--) {
      queue.addFirst(again.get(i));
    }
  }
}
