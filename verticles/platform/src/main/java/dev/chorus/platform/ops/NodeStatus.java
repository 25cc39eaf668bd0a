package dev.chorus.platform.ops;

import dev.chorus.platform.subscription.SubscriptionRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.util.function.Supplier;

/**
 * Each node answers "are you ready?" on its own event bus address, so that any node can show the whole
 * cluster's state, not only its own.
 */
public final class NodeStatus {

  private static final long ASK_TIMEOUT_MS = 1_000;

  private NodeStatus() {
  }

  static String address(String nodeId) {
    return "chorus.node." + nodeId + ".status";
  }

  /**
   * Registers this node's responder: its readiness, the subscription partitions it owns, and per hosted context the
   * events it appended since it started ({@code appended}).
   */
  public static Future<MessageConsumer<Object>> serve(Vertx vertx, String nodeId, Readiness readiness, SubscriptionRegistry subscriptions,
                                                      Supplier<JsonObject> appended) {
    MessageConsumer<Object> consumer = vertx.eventBus().consumer(address(nodeId),
      message -> readiness.evaluate().compose(status -> subscriptions.status().map(owned -> status.put("subscriptions", owned)
        .put("appended", appended.get()))).onSuccess(message::reply));
    return consumer.completion().map(consumer);
  }

  /** Asks a node for its readiness; a node that does not answer in time reads as unreachable. */
  static Future<JsonObject> ask(Vertx vertx, String nodeId) {
    return vertx.eventBus().<JsonObject>request(address(nodeId), null, new DeliveryOptions().setSendTimeout(ASK_TIMEOUT_MS))
      .map(reply -> reply.body())
      .otherwise(failure -> new JsonObject().put("status", "UNREACHABLE").put("reason", String.valueOf(failure.getMessage())));
  }
}
