package dev.chorus.platform.eventstore;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;

import java.util.List;

/**
 * A transaction whose first write is an append to the log.
 * <p>
 * Why it matters: a transaction gets its id at its first write, and readers follow the log in transaction-id
 * order. If a transaction wrote something else first, it could hold a lower id than a transaction that
 * committed before it appended, and a stream's versions could reach readers inverted. So appends come
 * first, and {@link #writes()} — the only way to write anything else — closes the door on further appends.
 * <p>
 * Appends are one statement, whatever the number of streams and events ({@link AppendStatement}).
 */
public final class LogTransaction {

  private final SqlConnection connection;
  private final Future<Transaction> transaction;
  private final Partitioner partitioner;
  private boolean writing;
  private boolean mustRollBack;

  private LogTransaction(SqlConnection connection, Partitioner partitioner) {
    this.connection = connection;
    this.partitioner = partitioner;
    this.transaction = connection.begin();
  }

  /** Begins a transaction on the connection; statements are pipelined behind the {@code BEGIN}. */
  public static LogTransaction begin(SqlConnection connection, Partitioner partitioner) {
    return new LogTransaction(connection, partitioner);
  }

  /**
   * Appends to one or more streams in one statement. A stream that is not at its expected version is not
   * written; the result says which were. Allowed only before {@link #writes()}.
   */
  public Future<AppendResult> append(List<StreamAppend> appends) {
    if (writing) {
      throw new IllegalStateException("an append must be the first write of its transaction; it cannot follow other writes");
    }
    return connection.preparedQuery(AppendStatement.sql(appends, true))
      .execute(AppendStatement.parameters(appends, partitioner))
      .map(inserted -> {
        AppendResult result = AppendStatement.result(appends, inserted);
        mustRollBack |= result.partial();
        return result;
      });
  }

  /** The connection for every write that follows the appends (read models, reservations, inbox, checkpoints). */
  public SqlClient writes() {
    writing = true;
    return connection;
  }

  /** Commits, unless an append was written in part: then it rolls back and fails. */
  public Future<Void> commit() {
    if (mustRollBack) {
      return rollback().compose(v -> Future.failedFuture(new IllegalStateException("an append was written in part; rolled back")));
    }
    return transaction.compose(Transaction::commit);
  }

  public Future<Void> rollback() {
    return transaction.compose(Transaction::rollback);
  }
}
