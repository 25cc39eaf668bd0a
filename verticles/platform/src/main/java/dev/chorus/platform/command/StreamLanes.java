package dev.chorus.platform.command;

import io.vertx.core.Future;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Commands for one stream run one after the other on a node: each decides on the state its predecessor left,
 * so that a node never races itself. Commands for different streams run side by side.
 */
final class StreamLanes {

  private final Map<String, Future<?>> tails = new ConcurrentHashMap<>();

  <T> Future<T> enqueue(String streamId, Supplier<Future<T>> work) {
    @SuppressWarnings("unchecked")
    Future<T>[] mine = new Future[1];
    tails.compute(streamId, (id, previous) -> {
      mine[0] = previous == null ? work.get() : previous.transform(ignored -> work.get());
      return mine[0];
    });
    Future<T> result = mine[0];
    result.onComplete(ignored -> tails.remove(streamId, result));
    return result;
  }
}
