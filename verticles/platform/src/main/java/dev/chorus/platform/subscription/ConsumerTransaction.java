package dev.chorus.platform.subscription;

import dev.chorus.platform.command.SqlWrite;
import dev.chorus.platform.decider.Rejection;
import dev.chorus.platform.eventstore.AppendResult;
import dev.chorus.platform.eventstore.LogTransaction;
import dev.chorus.platform.eventstore.Partitioner;
import dev.chorus.platform.eventstore.StreamAppend;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One consumer transaction: the consumer's own appends first, then its writes, inbox records and the fenced
 * checkpoint, all pipelined; commit only if everything went through.
 */
final class ConsumerTransaction {

  private static final Set<String> TRANSIENT = Set.of("40001", "40P01", "23505");

  /** How the transaction ended. */
  sealed interface Outcome {
    record Committed() implements Outcome {
    }

    /** An own stream moved on, or a transient database conflict: prepare again and retry. */
    record Conflict() implements Outcome {
    }

    /** Not tried: it was prepared on a version of an own stream that this subscription has committed past since. */
    record Deferred() implements Outcome {
    }

    /** A guarded write found nothing to write: {@link PartitionLeases#FENCED}, {@link Inbox#DUPLICATE} or the handler's. */
    record Refused(Rejection rejection) implements Outcome {
    }

    record Failed(Throwable cause) implements Outcome {
    }
  }

  private ConsumerTransaction() {
  }

  static Future<Outcome> run(Pool pool, Partitioner partitioner, List<StreamAppend> appends, List<SqlWrite> writes) {
    return pool.withConnection(connection -> {
      LogTransaction transaction = LogTransaction.begin(connection, partitioner);
      Future<AppendResult> appended = appends.isEmpty() ? Future.succeededFuture(new AppendResult(List.of(), false)) : transaction.append(appends);
      SqlClient client = transaction.writes();
      List<Future<RowSet<Row>>> results = new ArrayList<>();
      for (SqlWrite write : writes) {
        results.add(client.preparedQuery(write.sql()).execute(write.params()));
      }
      List<Future<?>> all = new ArrayList<>(results);
      all.add(appended);
      return Future.join(all).transform(ignored -> {
        Outcome outcome = outcome(appended, writes, results);
        return outcome instanceof Outcome.Committed
          ? transaction.commit().<Outcome>map(outcome).otherwise(Outcome.Failed::new)
          : transaction.rollback().transform(v -> Future.succeededFuture(outcome));
      });
    }).otherwise(Outcome.Failed::new);
  }

  private static Outcome outcome(Future<AppendResult> appended, List<SqlWrite> writes, List<Future<RowSet<Row>>> results) {
    if (appended.failed()) {
      return failure(appended.cause());
    }
    if (!appended.result().allAppended()) {
      return new Outcome.Conflict();
    }
    for (int i = 0; i < results.size(); i++) {
      Future<RowSet<Row>> result = results.get(i);
      if (result.failed()) {
        return failure(result.cause());
      }
      if (writes.get(i).refuses(result.result().rowCount())) {
        return new Outcome.Refused(writes.get(i).guard());
      }
    }
    return new Outcome.Committed();
  }

  private static Outcome failure(Throwable cause) {
    return cause instanceof PgException pg && TRANSIENT.contains(pg.getSqlState()) ? new Outcome.Conflict() : new Outcome.Failed(cause);
  }
}
