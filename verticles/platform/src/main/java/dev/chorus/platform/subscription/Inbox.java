package dev.chorus.platform.subscription;

import dev.chorus.platform.command.SqlWrite;
import dev.chorus.platform.decider.Rejection;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** The events a subscription has processed: recorded with their effects, checked before processing. */
final class Inbox {

  static final Rejection DUPLICATE = new Rejection("already-processed", "the event was processed already");
  private static final String PROCESSED = "select event_id from inbox where subscription = $1 and event_id = any($2)";
  private static final String RECORD = "insert into inbox (subscription, event_id) select $1, unnest($2::uuid[]) on conflict do nothing";
  private static final String FORGET = "delete from inbox where subscription = $1";

  private Inbox() {
  }

  static Future<Set<UUID>> processed(SqlClient client, String subscription, List<UUID> eventIds) {
    return client.preparedQuery(PROCESSED).execute(Tuple.tuple().addString(subscription).addArrayOfUUID(eventIds.toArray(UUID[]::new))).map(rows -> {
      Set<UUID> seen = new HashSet<>();
      for (Row row : rows) {
        seen.add(row.getUUID(0));
      }
      return seen;
    });
  }

  /** Records the events as processed; refuses the transaction if any of them was already. */
  static SqlWrite record(String subscription, List<UUID> eventIds) {
    return SqlWrite.guarded(RECORD, Tuple.tuple().addString(subscription).addArrayOfUUID(eventIds.toArray(UUID[]::new)), eventIds.size(), DUPLICATE);
  }

  static Future<Void> forget(SqlClient transaction, String subscription) {
    return transaction.preparedQuery(FORGET).execute(Tuple.of(subscription)).mapEmpty();
  }
}
