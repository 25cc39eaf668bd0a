package dev.chorus.platform.eventstore;

import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.SqlClient;

import java.util.List;

/**
 * An append that is a transaction of its own: one statement, no {@code BEGIN}/{@code COMMIT}, one round trip.
 * Trivially the first write of its transaction. A version taken by a concurrent writer fails the whole
 * statement, so the append is written whole or not at all.
 */
public final class StandaloneAppend {

  private static final String UNIQUE_VIOLATION = "23505";

  private StandaloneAppend() {
  }

  /** Whether the append was written (false: the stream was not at the expected version). */
  public static Future<Boolean> append(SqlClient client, Partitioner partitioner, StreamAppend append) {
    List<StreamAppend> appends = List.of(append);
    return client.preparedQuery(AppendStatement.sql(appends, false))
      .execute(AppendStatement.parameters(appends, partitioner))
      .map(inserted -> AppendStatement.result(appends, inserted).allAppended())
      .recover(failure -> failure instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())
        ? Future.succeededFuture(false)
        : Future.failedFuture(failure));
  }
}
