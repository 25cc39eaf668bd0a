package dev.chorus.platform.command;

import dev.chorus.platform.eventstore.EventLog;
import dev.chorus.platform.eventstore.RecordedEvent;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads of streams' events after a version, gathered per turn of the asking context: the reads one turn asks for —
 * the commands a batch of events or a log read's partitions prepare side by side — go out as one statement. A read
 * asked for alone goes out alone, in the next turn; one asked for off any context, at once.
 */
final class StreamReads {

  private final EventLog log;
  private final Map<Context, List<Asked>> gathering = new HashMap<>();

  StreamReads(EventLog log) {
    this.log = log;
  }

  Future<List<RecordedEvent>> after(String streamId, int version) {
    Context context = Vertx.currentContext();
    if (context == null) {
      return log.readStream(streamId, version);
    }
    Promise<List<RecordedEvent>> answer = Promise.promise();
    boolean first;
    synchronized (gathering) {
      List<Asked> turn = gathering.get(context);
      first = turn == null;
      if (first) {
        turn = new ArrayList<>();
        gathering.put(context, turn);
      }
      turn.add(new Asked(new EventLog.StreamAfter(streamId, version), answer));
    }
    if (first) {
      context.runOnContext(v -> send(context));
    }
    return answer.future();
  }

  private void send(Context context) {
    List<Asked> turn;
    synchronized (gathering) {
      turn = gathering.remove(context);
    }
    if (turn.size() == 1) {
      EventLog.StreamAfter one = turn.get(0).stream();
      log.readStream(one.streamId(), one.afterVersion()).onComplete(turn.get(0).answer());
      return;
    }
    log.readStreams(turn.stream().map(Asked::stream).toList()).onComplete(read -> {
      for (int i = 0; i < turn.size(); i++) {
        if (read.succeeded()) {
          turn.get(i).answer().complete(read.result().get(i));
        } else {
          turn.get(i).answer().fail(read.cause());
        }
      }
    });
  }

  private record Asked(EventLog.StreamAfter stream, Promise<List<RecordedEvent>> answer) {
  }
}
