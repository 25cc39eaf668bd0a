package dev.chorus.platform.command;

import dev.chorus.platform.eventstore.Partitioner;
import dev.chorus.platform.eventstore.StandaloneAppend;
import dev.chorus.platform.eventstore.StreamAppend;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.sqlclient.Pool;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One transaction per command, run on the caller's event loop. An append without follow-up writes is a
 * single autocommit statement: one round trip, like any one-row insert.
 */
final class SoloAppender implements Appender {

  private final Pool pool;
  private final Partitioner partitioner;
  private final CommitListener listener;
  private final AtomicLong transactions = new AtomicLong();
  private final AtomicLong committedAppends = new AtomicLong();

  SoloAppender(Pool pool, Partitioner partitioner, CommitListener listener) {
    this.pool = pool;
    this.listener = listener;
    this.partitioner = partitioner;
  }

  @Override
  public Future<AppendOutcome> append(StreamAppend append, List<SqlWrite> writes) {
    transactions.incrementAndGet();
    Future<AppendOutcome> outcome = writes.isEmpty()
      ? StandaloneAppend.append(pool, partitioner, append)
          .<AppendOutcome>map(appended -> appended ? new AppendOutcome.Committed() : new AppendOutcome.Conflict())
      : pool.withConnection(connection ->
          AppendTransaction.run(connection, partitioner, List.of(new PendingAppend(append, writes, true, Promise.promise()))))
          .map(verdicts -> verdicts.get(0).outcome());
    return outcome
      .otherwise(failure -> new AppendOutcome.Failed(failure))
      .onSuccess(result -> {
        if (result instanceof AppendOutcome.Committed) {
          committedAppends.incrementAndGet();
          listener.committed(append);
        }
      });
  }

  @Override
  public long transactions() {
    return transactions.get();
  }

  @Override
  public long committedAppends() {
    return committedAppends.get();
  }
}
