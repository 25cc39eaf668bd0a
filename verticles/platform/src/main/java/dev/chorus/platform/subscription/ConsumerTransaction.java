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
import io.vertx.sqlclient.PreparedQuery;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One consumer transaction: the consumer's own appends first, then its writes, inbox records and the fenced
 * checkpoint, all pipelined; commit only if everything went through. Consecutive writes of one statement — a
 * projection's row for each event of a batch — go out as one batch: one round trip and one sync for all of them,
 * each still checked against its own guard.
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
      List<Future<List<Integer>>> results = new ArrayList<>();
      for (int first = 0, end; first < writes.size(); first = end) {
        end = first + 1;
        while (end < writes.size() && writes.get(end).sql().equals(writes.get(first).sql())) {
          end++;
        }
        results.add(execute(client, writes.subList(first, end)));
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

  /** Writes of one statement, in one batch when there are several; the rows each one changed. */
  private static Future<List<Integer>> execute(SqlClient client, List<SqlWrite> writes) {
    PreparedQuery<RowSet<Row>> statement = client.preparedQuery(writes.get(0).sql());
    if (writes.size() == 1) {
      return statement.execute(writes.get(0).params()).map(rows -> List.of(rows.rowCount()));
    }
    return statement.executeBatch(writes.stream().map(SqlWrite::params).toList()).map(rows -> {
      List<Integer> changed = new ArrayList<>(writes.size());
      for (RowSet<Row> each = rows; each != null; each = each.next()) {
        changed.add(each.rowCount());
      }
      return changed;
    });
  }

  private static Outcome outcome(Future<AppendResult> appended, List<SqlWrite> writes, List<Future<List<Integer>>> results) {
    if (appended.failed()) {
      return failure(appended.cause());
    }
    if (!appended.result().allAppended()) {
      return new Outcome.Conflict();
    }
    int write = 0;
    for (Future<List<Integer>> result : results) {
      if (result.failed()) {
        return failure(result.cause());
      }
      for (int changed : result.result()) {
        if (writes.get(write).refuses(changed)) {
          return new Outcome.Refused(writes.get(write).guard());
        }
        write++;
      }
    }
    return new Outcome.Committed();
  }

  private static Outcome failure(Throwable cause) {
    return cause instanceof PgException pg && TRANSIENT.contains(pg.getSqlState()) ? new Outcome.Conflict() : new Outcome.Failed(cause);
  }
}
