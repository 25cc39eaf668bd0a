package dev.chorus.platform.subscription;

import dev.chorus.platform.eventstore.Checkpoint;
import dev.chorus.platform.eventstore.EventLog;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.List;

/**
 * The producer's side of publication: every node hosting a context answers reads of the context's log
 * (gap-safe batches by partition) and lag questions over the event bus. Consumers never read another
 * context's schema; they ask here.
 */
public final class LogService {

  static final int MAX_BATCH = 1_000;
  private static final int MAX_LAG_COUNTED = 1_000_000;
  private static final String LAG = "select count(*) from (select 1 from events where partition = $1"
    + " and (tx_id, position) > ($2::text::xid8, $3) limit " + MAX_LAG_COUNTED + ") behind";

  private LogService() {
  }

  public static Future<List<MessageConsumer<JsonObject>>> serve(Vertx vertx, String context, SqlClient pool) {
    EventLog log = new EventLog(pool);
    MessageConsumer<JsonObject> reads = vertx.eventBus().consumer(LogAddresses.read(context), message -> {
      JsonObject request = message.body();
      int limit = Math.min(MAX_BATCH, request.getInteger("limit", MAX_BATCH));
      int partition = request.getInteger("partition");
      Checkpoint after = LogCodec.checkpoint(request);
      log.read(partition, after, limit)
        .compose(batch -> batch.isEmpty()
          ? log.pending(partition, after).map(pending -> LogCodec.batch(batch).put("pending", pending))
          : Future.succeededFuture(LogCodec.batch(batch)))
        .onSuccess(message::reply)
        .onFailure(e -> message.fail(500, e.getMessage()));
    });
    MessageConsumer<JsonObject> lags = vertx.eventBus().consumer(LogAddresses.lag(context), message -> {
      Checkpoint after = LogCodec.checkpoint(message.body());
      pool.preparedQuery(LAG)
        .execute(Tuple.of((short) (int) message.body().getInteger("partition"), Long.toString(after.txId()), after.position()))
        .onSuccess(rows -> message.reply(new JsonObject().put("lag", rows.iterator().next().getLong(0))))
        .onFailure(e -> message.fail(500, e.getMessage()));
    });
    return Future.all(reads.completion(), lags.completion()).map(v -> List.of(reads, lags));
  }
}
