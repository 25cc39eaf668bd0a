package dev.chorus.platform.subscription;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;

/**
 * Rebuilds a projection from its source log while the nodes run: in one transaction its read models are
 * emptied, its inbox and parked events forgotten, its checkpoints reset and every lease fenced; then every
 * runner restarts its partitions from the start of the log.
 */
final class Replay {

  private Replay() {
  }

  static Future<Void> run(Vertx vertx, SubscriptionRegistry.Registered registered) {
    Subscription subscription = registered.subscription();
    Pool pool = registered.pool();
    // The leases first: resetting them waits for a worker's transaction that has already fenced its checkpoint, and
    // fences every later one. Emptied before that, a read model would keep the rows such a transaction committed
    // while the replay ran (its statements did not see them yet), and the rebuild would apply those events again.
    return pool.withTransaction(connection -> PartitionLeases.reset(connection, subscription.name())
        .compose(v -> resetReadModels(connection, subscription))
        .compose(v -> Inbox.forget(connection, subscription.name()))
        .compose(v -> connection.preparedQuery("delete from parked_events where subscription = $1")
          .execute(io.vertx.sqlclient.Tuple.of(subscription.name())).<Void>mapEmpty()))
      .onSuccess(v -> vertx.eventBus().publish(SubscriptionAddresses.replayed(subscription.name()), null));
  }

  private static Future<Void> resetReadModels(SqlConnection connection, Subscription subscription) {
    Future<Void> chain = Future.succeededFuture();
    for (String statement : subscription.handler().resetStatements()) {
      chain = chain.compose(v -> connection.query(statement).execute().mapEmpty());
    }
    return chain;
  }
}
