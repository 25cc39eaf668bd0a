package dev.chorus.platform.command;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.Optional;
import java.util.UUID;

/**
 * The conversation a stream began in, for a command no event causes directly — a deadline's: it continues the
 * conversation of the stream's first event, and names that event as its cause.
 */
public final class StreamConversation {

  private static final String FIRST = "select event_id, metadata->>'correlationId' from events where stream_id = $1 and version = 1";

  private StreamConversation() {
  }

  /** The context of a command continuing {@code streamId}'s conversation; a new conversation when the stream has none. */
  public static Future<CommandContext> continuing(SqlClient reads, String streamId) {
    return reads.preparedQuery(FIRST).execute(Tuple.of(streamId))
      .map(rows -> rows.size() == 0 ? CommandContext.once() : continuing(rows.iterator().next()));
  }

  private static CommandContext continuing(Row first) {
    UUID cause = first.getUUID(0);
    String correlation = first.getString(1);
    return new CommandContext(Optional.empty(), "", correlation == null ? cause : UUID.fromString(correlation), Optional.of(cause));
  }
}
