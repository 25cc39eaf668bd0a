package dev.chorus.platform.subscription;

import dev.chorus.platform.eventstore.RecordedEvent;
import io.vertx.core.Future;

import java.util.List;

/**
 * What a subscription does with each event of its source log. It prepares the effects (reads allowed,
 * writes not); the subscription writes them, the event's inbox record and the checkpoint in one transaction.
 */
public interface SubscriptionHandler {

  /** The event's effects; {@link Effects#NONE} to ignore it. A failed future counts as a failed attempt. */
  Future<Effects> prepare(RecordedEvent event);

  /** Statements that empty what the handler built (read models), run in the transaction of a replay. */
  default List<String> resetStatements() {
    return List.of();
  }
}
