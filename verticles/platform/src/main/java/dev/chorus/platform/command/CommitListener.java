package dev.chorus.platform.command;

import dev.chorus.platform.eventstore.StreamAppend;

/** Told of every append once its transaction has committed (to wake the log's consumers). */
@FunctionalInterface
public interface CommitListener {

  CommitListener NONE = append -> { };

  void committed(StreamAppend append);
}
