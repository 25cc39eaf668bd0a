package dev.chorus.platform.subscription;

import dev.chorus.platform.eventstore.Checkpoint;
import dev.chorus.platform.eventstore.LogBatch;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;

/** A consumer's view of another context's log: gap-safe batches and lags, asked over the event bus. */
final class RemoteLog {

  private static final DeliveryOptions TIMEOUT = new DeliveryOptions().setSendTimeout(5_000);

  private final Vertx vertx;
  private final String context;

  RemoteLog(Vertx vertx, String context) {
    this.vertx = vertx;
    this.context = context;
  }

  /** A batch, or none with whether events are about to become readable. */
  record Read(LogBatch batch, boolean pending) {
  }

  Future<Read> read(int partition, Checkpoint after, int limit) {
    return vertx.eventBus().<JsonObject>request(LogAddresses.read(context), LogCodec.request(partition, after, limit), TIMEOUT)
      .map(reply -> new Read(LogCodec.batch(reply.body()), LogCodec.pending(reply.body())));
  }

  Future<Long> lag(int partition, Checkpoint after) {
    return vertx.eventBus().<JsonObject>request(LogAddresses.lag(context), LogCodec.checkpoint(after).put("partition", partition), TIMEOUT)
      .map(reply -> reply.body().getLong("lag"));
  }
}
