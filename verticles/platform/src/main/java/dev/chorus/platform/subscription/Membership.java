package dev.chorus.platform.subscription;

import io.vertx.core.Future;

import java.util.List;
import java.util.Map;

/** Which nodes of the cluster host a context right now. */
public interface Membership {

  Future<List<String>> nodesHosting(String context);

  /** The contexts, hosted somewhere in the cluster, that publish an event type. */
  Future<List<String>> contextsPublishing(String eventType);

  /** A fixed view, for tests and single-node setups. */
  static Membership fixed(List<String> nodes, Map<String, List<String>> publishers) {
    return new Membership() {
      @Override
      public Future<List<String>> nodesHosting(String context) {
        return Future.succeededFuture(List.copyOf(nodes));
      }

      @Override
      public Future<List<String>> contextsPublishing(String eventType) {
        return Future.succeededFuture(publishers.getOrDefault(eventType, List.of()));
      }
    };
  }
}
