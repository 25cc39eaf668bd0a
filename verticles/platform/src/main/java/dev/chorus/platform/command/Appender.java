package dev.chorus.platform.command;

import dev.chorus.platform.eventstore.StreamAppend;
import io.vertx.core.Future;

import java.util.List;

/** Writes one command's append and its follow-up writes to the log, in a transaction of its own or a shared one. */
public interface Appender {

  Future<AppendOutcome> append(StreamAppend append, List<SqlWrite> writes);

  /** Transactions run so far (committed or not). */
  long transactions();

  /** Appends committed so far. */
  long committedAppends();
}
