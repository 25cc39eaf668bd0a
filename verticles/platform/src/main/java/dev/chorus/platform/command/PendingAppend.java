package dev.chorus.platform.command;

import dev.chorus.platform.eventstore.StreamAppend;
import io.vertx.core.Promise;

import java.util.List;

/**
 * One command's append and follow-up writes, waiting for a transaction.
 *
 * @param append  the events and the version the stream must be at
 * @param writes  statements to run after the append, in the same transaction
 * @param solo    run it in a transaction of its own (after it failed in company, to learn whose fault it was)
 * @param outcome completed when the transaction is over
 */
record PendingAppend(StreamAppend append, List<SqlWrite> writes, boolean solo, Promise<AppendOutcome> outcome) {

  PendingAppend alone() {
    return new PendingAppend(append, writes, true, outcome);
  }
}
