package dev.chorus.platform.deadline;

import dev.chorus.platform.command.SqlWrite;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.ZoneOffset;

/** Setting and clearing durable deadlines, as writes in the transaction of the command that causes them. */
public final class Deadlines {

  private static final String SCHEDULE = "insert into deadlines (id, partition, due_at, payload) values ($1, $2, $3, $4::text::jsonb)"
    + " on conflict (id) do update set partition = excluded.partition, due_at = excluded.due_at, payload = excluded.payload";
  private static final String CLEAR = "delete from deadlines where id = $1";

  private Deadlines() {
  }

  public static SqlWrite schedule(String id, int partition, Instant dueAt, JsonObject payload) {
    return SqlWrite.of(SCHEDULE, Tuple.of(id, (short) partition, dueAt.atOffset(ZoneOffset.UTC), payload.encode()));
  }

  public static SqlWrite clear(String id) {
    return SqlWrite.of(CLEAR, Tuple.of(id));
  }
}
