package dev.chorus.platform.command;

import dev.chorus.platform.eventstore.AppendResult;
import dev.chorus.platform.eventstore.LogTransaction;
import dev.chorus.platform.eventstore.Partitioner;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One transaction for one or more commands: their appends in one statement, all their writes pipelined
 * behind it, then a commit when every command is clean, else a rollback with a verdict per command.
 */
final class AppendTransaction {

  private static final String ABORTED_TRANSACTION = "25P02";
  private static final Set<String> TRANSIENT = Set.of("40001", "40P01");

  private AppendTransaction() {
  }

  static Future<List<Verdict>> run(SqlConnection connection, Partitioner partitioner, List<PendingAppend> batch) {
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
      if (verdicts.stream().allMatch(v -> v.kind() == Verdict.Kind.COMMITTED)) {
        return transaction.commit().map(verdicts);
      }
      List<Verdict> retried = verdicts.stream().map(v -> v.kind() == Verdict.Kind.COMMITTED ? Verdict.AGAIN : v).toList();
      return transaction.rollback().transform(rolledBack -> Future.succeededFuture(retried));
    });
  }

  private static List<Verdict> verdicts(List<PendingAppend> batch, Future<AppendResult> appended, List<List<Future<RowSet<Row>>>> writes) {
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
      if (write.refuses(result.result().rowCount())) {
        return alone ? Verdict.refused(write) : Verdict.ALONE;
      }
    }
    return Verdict.COMMIT;
  }

  /** What a transaction's outcome means for one of its commands. */
  record Verdict(Kind kind, SqlWrite write, Throwable cause) {
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

    /** The outcome for the command, for every kind but the two that run it again. */
    AppendOutcome outcome() {
      return switch (kind) {
        case COMMITTED -> new AppendOutcome.Committed();
        case CONFLICTED -> new AppendOutcome.Conflict();
        case REFUSED -> new AppendOutcome.Refused(write.guard());
        case FAILED -> new AppendOutcome.Failed(cause);
        case RUN_AGAIN, RUN_ALONE -> throw new IllegalStateException(kind + " is not an outcome");
      };
    }

    enum Kind { COMMITTED, CONFLICTED, REFUSED, FAILED, RUN_AGAIN, RUN_ALONE }
  }
}
