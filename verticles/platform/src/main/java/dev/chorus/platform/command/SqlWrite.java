package dev.chorus.platform.command;

import dev.chorus.platform.decider.Rejection;
import io.vertx.sqlclient.Tuple;

/**
 * A statement that a command runs after its append, in the same transaction: a read model row, a
 * reservation. A guarded write must change at least one row (or as many as it names); when it changes fewer
 * (say, an {@code insert ... on conflict do nothing} found the e-mail taken), the command is refused with its
 * rejection and nothing of it is committed.
 *
 * @param sql     the statement, with {@code $n} parameters
 * @param params  its parameters
 * @param guard   the rejection when too few rows change, or {@code null} when any result is fine
 * @param minRows the rows a guarded write must change
 */
public record SqlWrite(String sql, Tuple params, Rejection guard, int minRows) {

  public static SqlWrite of(String sql, Tuple params) {
    return new SqlWrite(sql, params, null, 0);
  }

  public static SqlWrite guarded(String sql, Tuple params, Rejection whenNothingWritten) {
    return new SqlWrite(sql, params, whenNothingWritten, 1);
  }

  /** A write that must change {@code rows} rows, or refuse its transaction with {@code whenFewer}. */
  public static SqlWrite guarded(String sql, Tuple params, int rows, Rejection whenFewer) {
    return new SqlWrite(sql, params, whenFewer, rows);
  }

  /** Whether a transaction that saw this write change {@code rowCount} rows must not commit. */
  public boolean refuses(int rowCount) {
    return guard != null && rowCount < minRows;
  }
}
