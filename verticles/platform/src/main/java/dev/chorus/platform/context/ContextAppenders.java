package dev.chorus.platform.context;

import dev.chorus.platform.command.AppendMetrics;
import dev.chorus.platform.command.Appender;
import dev.chorus.platform.command.Appenders;

/** A hosted context's appender: group commit, its metrics exported, its consumers woken after each commit. */
public final class ContextAppenders {

  private ContextAppenders() {
  }

  public static Appender groupCommit(ContextRuntime runtime, String context) {
    Appender appender = Appenders.groupCommit(runtime.vertx(), runtime.pool(), runtime.partitioner(), Appenders.GroupOptions.defaults(),
      append -> runtime.hints().appended(runtime.partitioner().partitionOf(append.streamId())));
    AppendMetrics.bind(runtime.meters(), context, appender);
    return appender;
  }
}
