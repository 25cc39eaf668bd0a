package dev.chorus.platform.command;

import dev.chorus.platform.decider.Rejection;
import io.vertx.sqlclient.Tuple;

/**
 * A statement that a command runs after its append, in the same transaction: a read model row, a
 * reservation. A guarded write must change at least one row; when it changes none (say, an
 * {@code insert ... on conflict do nothing} found the e-mail taken), the command is refused with its
 * rejection and nothing of it is committed.
 *
 * @param sql    the statement, with {@code $n} parameters
 * @param params its parameters
 * @param guard  the rejection when no row changes, or {@code null} when any result is fine
 */
public record SqlWrite(String sql, Tuple params, Rejection guard) {

  public static SqlWrite of(String sql, Tuple params) {
    return new SqlWrite(sql, params, null);
  }

  public static SqlWrite guarded(String sql, Tuple params, Rejection whenNothingWritten) {
    return new SqlWrite(sql, params, whenNothingWritten);
  }
}
