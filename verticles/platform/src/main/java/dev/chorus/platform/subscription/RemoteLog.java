package dev.chorus.platform.subscription;

import dev.chorus.platform.eventstore.Checkpoint;
import dev.chorus.platform.eventstore.EventLog;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A consumer's view of another context's log: gap-safe batches and lags, asked over the event bus.
 * <p>
 * Reads asked for by a subscription's partitions in the same turn of its event loop (the partitions one hint woke,
 * or every partition at a safety poll) go out as one request, which the producer answers with one statement: the
 * cost of a read is shared by every partition that has something to read. Reads are gathered on the context that
 * made this (the subscription's); one asked for from elsewhere is carried there first. When this node serves the
 * producer's log too, it is asked here and nowhere else.
 */
final class RemoteLog {

  private static final DeliveryOptions ANY_NODE = new DeliveryOptions().setSendTimeout(5_000);
  private static final DeliveryOptions THIS_NODE = new DeliveryOptions(ANY_NODE).setLocalOnly(true);

  private final Vertx vertx;
  private final Context home;
  private final String context;
  private Map<Integer, Asked> asked = new LinkedHashMap<>();

  RemoteLog(Vertx vertx, String context) {
    this.vertx = vertx;
    this.home = vertx.getOrCreateContext();
    this.context = context;
    LogReads.register(vertx);
  }

  /** A partition's next events, or none with whether some are about to become readable. */
  Future<EventLog.PartitionRead> read(int partition, Checkpoint after, int limit) {
    Promise<EventLog.PartitionRead> promise = Promise.promise();
    Asked one = new Asked(new EventLog.PartitionQuery(after, limit), promise);
    if (Vertx.currentContext() == home) {
      ask(partition, one);
    } else {
      home.runOnContext(v -> ask(partition, one));
    }
    return promise.future();
  }

  private void ask(int partition, Asked one) {
    if (asked.isEmpty()) {
      home.runOnContext(v -> send());
    }
    asked.put(partition, one);
  }

  /** Events after each checkpoint, counted by the producer in one statement. */
  Future<Map<Integer, Long>> lags(Map<Integer, Checkpoint> checkpoints) {
    return vertx.eventBus().<JsonObject>request(LogAddresses.lag(context), LogCodec.checkpoints(checkpoints), delivery()).map(reply -> {
      Map<Integer, Long> lags = new HashMap<>();
      reply.body().forEach(entry -> lags.put(Integer.parseInt(entry.getKey()), ((Number) entry.getValue()).longValue()));
      return lags;
    });
  }

  private void send() {
    Map<Integer, Asked> sending = asked;
    asked = new LinkedHashMap<>();
    Map<Integer, EventLog.PartitionQuery> queries = new LinkedHashMap<>();
    sending.forEach((partition, one) -> queries.put(partition, one.query()));
    vertx.eventBus().<LogReads>request(LogAddresses.read(context), LogCodec.readRequest(queries), delivery())
      .map(reply -> reply.body().partitions())
      .onSuccess(reads -> sending.forEach((partition, one) -> one.answer().complete(reads.get(partition))))
      .onFailure(e -> sending.values().forEach(one -> one.answer().fail(e)));
  }

  private DeliveryOptions delivery() {
    return LogService.servedHere(vertx, context) ? THIS_NODE : ANY_NODE;
  }

  private record Asked(EventLog.PartitionQuery query, Promise<EventLog.PartitionRead> answer) {
  }
}
