package dev.chorus.platform.subscription;

import dev.chorus.platform.eventstore.EventLog;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The reads of one context's log that its consumers ask this node for, one statement at a time: the requests that
 * arrive while a statement runs — the subscriptions of every consuming context, woken by the same appends — go out
 * together as the next one. A request that finds no statement running waits {@link #GATHER_MS} for the others the
 * same append woke (they arrive from other event loops a moment later), so that one append costs one read.
 * A request's answer is what a statement of its own would have returned; it only shares the snapshot with the
 * others. Used on the context of the log service's consumer only.
 */
final class SharedLogReads {

  private static final long GATHER_MS = 1;

  private final Vertx vertx;
  private final EventLog log;
  private List<Request> queued = new ArrayList<>();
  private boolean inFlight;
  private boolean gathering;

  SharedLogReads(Vertx vertx, EventLog log) {
    this.vertx = vertx;
    this.log = log;
  }

  Future<Map<Integer, EventLog.PartitionRead>> read(Map<Integer, EventLog.PartitionQuery> partitions) {
    Promise<Map<Integer, EventLog.PartitionRead>> answer = Promise.promise();
    queued.add(new Request(partitions, answer));
    if (!inFlight && !gathering) {
      gathering = true;
      vertx.setTimer(GATHER_MS, id -> {
        gathering = false;
        send();
      });
    }
    return answer.future();
  }

  private void send() {
    if (inFlight || gathering || queued.isEmpty()) {
      return;
    }
    List<Request> sending = queued;
    queued = new ArrayList<>();
    List<EventLog.PartitionAsked> asked = new ArrayList<>();
    sending.forEach(request -> request.partitions().forEach((partition, query) -> asked.add(new EventLog.PartitionAsked(partition, query))));
    inFlight = true;
    log.read(asked)
      .onSuccess(reads -> {
        int next = 0;
        for (Request request : sending) {
          Map<Integer, EventLog.PartitionRead> answer = new HashMap<>();
          for (Integer partition : request.partitions().keySet()) {
            answer.put(partition, reads.get(next++));
          }
          request.answer().complete(answer);
        }
      })
      .onFailure(e -> sending.forEach(request -> request.answer().fail(e)))
      .onComplete(done -> {
        inFlight = false;
        send();
      });
  }

  private record Request(Map<Integer, EventLog.PartitionQuery> partitions, Promise<Map<Integer, EventLog.PartitionRead>> answer) {
  }
}
