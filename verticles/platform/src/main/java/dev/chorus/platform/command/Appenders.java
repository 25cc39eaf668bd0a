package dev.chorus.platform.command;

import dev.chorus.platform.eventstore.Partitioner;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;

/** The two ways to write commands to the log. */
public final class Appenders {

  /**
   * @param maxBatch    the most appends in one transaction
   * @param maxInFlight the most transactions at once
   * @param maxQueued   the most appends waiting; beyond it, appends are refused as overloaded
   */
  public record GroupOptions(int maxBatch, int maxInFlight, int maxQueued) {
    public static GroupOptions defaults() {
      return new GroupOptions(256, 2, 10_000);
    }
  }

  private Appenders() {
  }

  /** Concurrent commands share transactions (group commit); each is acknowledged after its own commit. */
  public static Appender groupCommit(Vertx vertx, Pool pool, Partitioner partitioner, GroupOptions options, CommitListener listener) {
    return new GroupCommitAppender(vertx, pool, partitioner, options, listener);
  }

  /** A transaction per command, on the caller's event loop. */
  public static Appender solo(Pool pool, Partitioner partitioner, CommitListener listener) {
    return new SoloAppender(pool, partitioner, listener);
  }
}
