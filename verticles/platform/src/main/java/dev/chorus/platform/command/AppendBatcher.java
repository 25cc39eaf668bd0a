package dev.chorus.platform.command;

import dev.chorus.platform.eventstore.AppendResult;
import dev.chorus.platform.eventstore.LogTransaction;
import dev.chorus.platform.eventstore.Partitioner;
import dev.chorus.platform.eventstore.StreamAppend;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;

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
 * Each command still succeeds or fails on its own. When anything in a shared transaction goes wrong, the
 * transaction rolls back: commands whose stream moved on learn of the conflict, the others run again
 * without them, and a command whose guarded write failed (or whose statement errored) runs once more in a
 * transaction of its own, so that only its own fault is reported to it.
 * <p>
 * With {@code maxBatch = 1} every command has a transaction of its own (plain mode).
 * All state lives on one Vert.x context; {@link #submit} may be called from any thread.
 */
public final class AppendBatcher {

  private static final String ABORTED_TRANSACTION = "25P02";
  private static final Set<String> TRANSIENT = Set.of("40001", "40P01");

  /**
   * @param maxBatch    the most appends in one transaction
   * @param maxInFlight the most transactions at once
   * @param maxQueued   the most appends waiting; beyond it, appends are refused as overloaded
   */
  public record Options(int maxBatch, int maxInFlight, int maxQueued) {

    public static Options groupCommit() {
      return new Options(256, 4, 10_000);
    }

    public static Options plain(int maxInFlight) {
      return new Options(1, maxInFlight, 10_000);
    }
  }

  private final Context context;
  private final Pool pool;
  private final Partitioner partitioner;
  private final Options options;
  private final ArrayDeque<PendingAppend> queue = new ArrayDeque<>();
  private final AtomicLong transactions = new AtomicLong();
  private final AtomicLong committedAppends = new AtomicLong();
  private int inFlight;

  public AppendBatcher(Vertx vertx, Pool pool, Partitioner partitioner, Options options) {
    this.context = vertx.getOrCreateContext();
    this.pool = pool;
    this.partitioner = partitioner;
    this.options = options;
  }

  public Partitioner partitioner() {
    return partitioner;
  }

  /** Transactions run (committed or not) so far. */
  public long transactions() {
    return transactions.get();
  }

  /** Appends committed so far; divided by {@link #transactions()}, the mean group size. */
  public long committedAppends() {
    return committedAppends.get();
  }

  /** Queues an append; the future completes on the batcher's context. */
  Future<AppendOutcome> submit(StreamAppend append, List<SqlWrite> writes) {
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
    pool.getConnection()
      .compose(connection -> run(connection, batch).eventually(connection::close))
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

  /** One transaction: the appends in one statement, every write pipelined behind it, then commit or roll back. */
  private Future<List<Verdict>> run(SqlConnection connection, List<PendingAppend> batch) {
    LogTransaction transaction = LogTransaction.begin(connection, partitioner);
    Future<AppendResult> appended = transaction.append(batch.stream().map(PendingAppend::append).toList());
    SqlClient client = transaction.writes();
    List<List<Future<RowSet<Row>>>> writes = new ArrayList<>();
    List<Future<?>> all = new ArrayList<>();
    all.add(appended);
    for (PendingAppend pending : batch) {
      List<Future<RowSet<Row>>> own = new ArrayList<>();
      for (SqlWrite write : pending.writes()) {
        Future<RowSet<Row>> result = client.preparedQuery(write.sql()).execute(write.params());
        own.add(result);
        all.add(result);
      }
      writes.add(own);
    }
    return Future.join(all).transform(ignored -> {
      List<Verdict> verdicts = verdicts(batch, appended, writes);
      boolean clean = verdicts.stream().allMatch(v -> v == Verdict.COMMIT);
      if (clean) {
        return transaction.commit().map(verdicts);
      }
      List<Verdict> retried = verdicts.stream().map(v -> v == Verdict.COMMIT ? Verdict.AGAIN : v).toList();
      return transaction.rollback().transform(rolledBack -> Future.succeededFuture(retried));
    });
  }

  private List<Verdict> verdicts(List<PendingAppend> batch, Future<AppendResult> appended, List<List<Future<RowSet<Row>>>> writes) {
    boolean alone = batch.size() == 1;
    List<Verdict> verdicts = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      if (appended.failed()) {
        verdicts.add(alone ? Verdict.failed(appended.cause()) : Verdict.ALONE);
      } else if (!appended.result().appended().get(i)) {
        verdicts.add(Verdict.CONFLICT);
      } else {
        verdicts.add(writesVerdict(batch.get(i), writes.get(i), alone));
      }
    }
    return verdicts;
  }

  private static Verdict writesVerdict(PendingAppend pending, List<Future<RowSet<Row>>> results, boolean alone) {
    for (int w = 0; w < results.size(); w++) {
      Future<RowSet<Row>> result = results.get(w);
      if (result.failed()) {
        if (result.cause() instanceof PgException pg && ABORTED_TRANSACTION.equals(pg.getSqlState())) {
          return Verdict.AGAIN;                       // an earlier statement broke the transaction, not this one
        }
        if (result.cause() instanceof PgException pg && TRANSIENT.contains(pg.getSqlState())) {
          return Verdict.CONFLICT;
        }
        return alone ? Verdict.failed(result.cause()) : Verdict.ALONE;
      }
      SqlWrite write = pending.writes().get(w);
      if (write.guard() != null && result.result().rowCount() == 0) {
        return alone ? Verdict.refused(write) : Verdict.ALONE;
      }
    }
    return Verdict.COMMIT;
  }

  private void settle(List<PendingAppend> batch, List<Verdict> verdicts) {
    List<PendingAppend> again = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      PendingAppend pending = batch.get(i);
      Verdict verdict = verdicts.get(i);
      switch (verdict.kind) {
        case COMMITTED -> {
          committedAppends.incrementAndGet();
          pending.outcome().complete(new AppendOutcome.Committed());
        }
        case CONFLICTED -> pending.outcome().complete(new AppendOutcome.Conflict());
        case REFUSED -> pending.outcome().complete(new AppendOutcome.Refused(verdict.write.guard()));
        case FAILED -> pending.outcome().complete(new AppendOutcome.Failed(verdict.cause));
        case RUN_AGAIN -> again.add(pending);
        case RUN_ALONE -> again.add(pending.alone());
      }
    }
    for (int i = again.size() - 1; i >= 0; i--) {
      queue.addFirst(again.get(i));
    }
  }

  private record Verdict(Kind kind, SqlWrite write, Throwable cause) {
    static final Verdict COMMIT = new Verdict(Kind.COMMITTED, null, null);
    static final Verdict CONFLICT = new Verdict(Kind.CONFLICTED, null, null);
    static final Verdict AGAIN = new Verdict(Kind.RUN_AGAIN, null, null);
    static final Verdict ALONE = new Verdict(Kind.RUN_ALONE, null, null);

    static Verdict refused(SqlWrite write) {
      return new Verdict(Kind.REFUSED, write, null);
    }

    static Verdict failed(Throwable cause) {
      return new Verdict(Kind.FAILED, null, cause);
    }
  }

  private enum Kind { COMMITTED, CONFLICTED, REFUSED, FAILED, RUN_AGAIN, RUN_ALONE }
}
