package dev.chorus.platform.subscription;

import dev.chorus.platform.eventstore.Checkpoint;
import dev.chorus.platform.eventstore.EventLog;
import dev.chorus.platform.web.BusAnswers;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The producer's side of publication: every node hosting a context answers reads of the context's log
 * (gap-safe batches of several partitions at once; the requests that arrive while a read runs share the next
 * statement) and lag questions over the event bus.
 * Consumers never read another context's schema; they ask here. A node that serves a context's log answers its own
 * consumers of it ({@link #servedHere}): every node serving a context reads the same log, so a read never needs to
 * cross to another node, and the event bus would otherwise spread the requests over every node that serves it.
 */
public final class LogService {

  static final int MAX_BATCH = 1_000;
  private static final int MAX_LAG_COUNTED = 1_000_000;
  private static final String SERVED = "chorus.logs.served";
  private static final String LAGS = "select a.partition, (select count(*) from (select 1 from events where events.partition = a.partition"
    + " and (events.tx_id, events.position) > (a.tx, a.position) limit " + MAX_LAG_COUNTED + ") behind)"
    + " from unnest($1::int2[], $2::text[]::xid8[], $3::int8[]) as a(partition, tx, position)";

  private LogService() {
  }

  public static Future<List<MessageConsumer<Object>>> serve(Vertx vertx, String context, SqlClient pool) {
    LogReads.register(vertx);
    SharedLogReads log = new SharedLogReads(vertx, new EventLog(pool));
    MessageConsumer<Object> reads = vertx.eventBus().consumer(LogAddresses.read(context), BusAnswers.answering(
      body -> LogCodec.readRequest(BusAnswers.json(body), MAX_BATCH), asked -> log.read(asked).map(LogReads::new)));
    MessageConsumer<Object> lags = vertx.eventBus().consumer(LogAddresses.lag(context), BusAnswers.answering(
      body -> LogCodec.checkpoints(BusAnswers.json(body)), asked -> lags(pool, asked).map(lag -> new JsonObject(Map.copyOf(lag)))));
    return Future.all(reads.completion(), lags.completion()).map(v -> {
      vertx.sharedData().getLocalMap(SERVED).put(context, true);
      return List.of(reads, lags);
    });
  }

  /** Whether this Vert.x instance answers reads of the context's log itself. */
  static boolean servedHere(Vertx vertx, String context) {
    return vertx.sharedData().getLocalMap(SERVED).containsKey(context);
  }

  /** Events after each checkpoint, counted up to a million per partition, in one statement. */
  private static Future<Map<String, Object>> lags(SqlClient pool, Map<Integer, Checkpoint> checkpoints) {
    Tuple params = Tuple.tuple()
      .addArrayOfShort(checkpoints.keySet().stream().map(Integer::shortValue).toArray(Short[]::new))
      .addArrayOfString(checkpoints.values().stream().map(c -> Long.toString(c.txId())).toArray(String[]::new))
      .addArrayOfLong(checkpoints.values().stream().map(Checkpoint::position).toArray(Long[]::new));
    return pool.preparedQuery(LAGS).execute(params).map(rows -> {
      Map<String, Object> lag = new HashMap<>();
      for (Row row : rows) {
        lag.put(Short.toString(row.getShort(0)), row.getLong(1));
      }
      return lag;
    });
  }
}
