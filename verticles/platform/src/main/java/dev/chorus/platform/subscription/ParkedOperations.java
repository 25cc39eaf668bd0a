package dev.chorus.platform.subscription;

import dev.chorus.platform.web.BusAnswers;
import dev.chorus.platform.web.JsonInput;
import dev.chorus.platform.web.Problem;
import dev.chorus.platform.web.ProblemException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Parked events of the subscriptions a node hosts: listed, retried or skipped — from its own HTTP routes, or asked over
 * the event bus by another node (the dashboard shows every node's, and acts through whichever node serves it). A retry
 * or skip is carried out by the node that owns the event's partition.
 */
public final class ParkedOperations {

  private static final DeliveryOptions OPERATION_TIMEOUT = new DeliveryOptions().setSendTimeout(30_000);
  private static final DeliveryOptions LIST_TIMEOUT = new DeliveryOptions().setSendTimeout(2_000);

  private final Vertx vertx;
  private final SubscriptionRegistry registry;

  public ParkedOperations(Vertx vertx, SubscriptionRegistry registry) {
    this.vertx = vertx;
    this.registry = registry;
  }

  static String address(String nodeId) {
    return "chorus.node." + nodeId + ".parked";
  }

  /** Answers other nodes' questions about this node's parked events. */
  public Future<MessageConsumer<Object>> serve(String nodeId) {
    MessageConsumer<Object> consumer = vertx.eventBus().consumer(address(nodeId), BusAnswers.answering(BusAnswers::json, this::answer));
    return consumer.completion().map(consumer);
  }

  private Future<?> answer(JsonObject asked) {
    return "list".equals(asked.getString("action")) ? list(null)
      : operate(asked.getString("subscription"), JsonInput.uuid("eventId", asked.getString("eventId")), asked.getString("action"));
  }

  /** The parked events of this node's subscriptions ({@code only} one of them, when given). */
  public Future<JsonArray> list(String only) {
    List<Future<List<ParkedEvents.Parked>>> lists = new ArrayList<>();
    for (SubscriptionRegistry.Registered registered : registry.all()) {
      if (only == null || only.equals(registered.subscription().name())) {
        lists.add(new ParkedEvents(registered.pool()).list(registered.subscription().name()));
      }
    }
    return Future.all(lists).map(all -> {
      JsonArray parked = new JsonArray();
      lists.forEach(list -> list.result().forEach(p -> parked.add(p.toJson())));
      return parked;
    });
  }

  /** Every member's parked events, each once (members hosting one context list the same). */
  public Future<JsonArray> listEverywhere(List<String> nodeIds) {
    List<Future<JsonArray>> lists = nodeIds.stream().map(node -> vertx.eventBus().<JsonArray>request(address(node),
      new JsonObject().put("action", "list"), LIST_TIMEOUT).map(reply -> {
        JsonArray listed = reply.body();
        listed.forEach(entry -> ((JsonObject) entry).put("node", node));
        return listed;
      }).otherwise(new JsonArray())).toList();
    return Future.all(lists).map(all -> {
      JsonArray parked = new JsonArray();
      Set<String> seen = new HashSet<>();
      lists.forEach(list -> list.result().forEach(entry -> {
        JsonObject event = (JsonObject) entry;
        String key = event.getString("subscription") + "/" + event.getString("eventId");
        if (seen.add(key)) {
          parked.add(event);
        }
      }));
      return parked;
    });
  }

  /** Retries or skips a parked event of a subscription this node hosts. */
  public Future<JsonObject> operate(String subscription, UUID eventId, String action) {
    if (!"retry".equals(action) && !"skip".equals(action)) {
      return Future.failedFuture(new ProblemException(Problem.notFound("no action '" + action + "' (retry or skip)")));
    }
    SubscriptionRegistry.Registered registered = registry.find(subscription).orElse(null);
    if (registered == null) {
      return Future.failedFuture(new ProblemException(Problem.notFound(
        "no subscription " + subscription + " on this node (ask a node that hosts its context)")));
    }
    String name = registered.subscription().name();
    return new ParkedEvents(registered.pool()).find(name, eventId)
      .compose(found -> found.isEmpty()
        ? Future.failedFuture(new ProblemException(Problem.notFound("no parked event " + eventId + " in " + name)))
        : ownerOf(registered, found.get().event().partition()).compose(owner -> vertx.eventBus().<JsonObject>request(
            SubscriptionAddresses.operations(name, owner),
            new JsonObject().put("action", action).put("partition", found.get().event().partition()).put("eventId", eventId.toString()),
            OPERATION_TIMEOUT)))
      .map(reply -> reply.body().put("subscription", name).put("eventId", eventId.toString()).put("action", action));
  }

  /** The same, through {@code nodeId} (which hosts the subscription). */
  public Future<JsonObject> operateThrough(String nodeId, String subscription, UUID eventId, String action) {
    return vertx.eventBus().<JsonObject>request(address(nodeId), new JsonObject().put("action", action).put("subscription", subscription)
        .put("eventId", eventId.toString()), OPERATION_TIMEOUT)
      .map(reply -> reply.body())
      .recover(failure -> Future.failedFuture(failure instanceof ReplyException reply && reply.failureCode() == 404
        ? new ProblemException(Problem.notFound(reply.getMessage())) : failure));
  }

  private Future<String> ownerOf(SubscriptionRegistry.Registered registered, int partition) {
    return new PartitionLeases(registered.pool()).states(registered.subscription().name()).compose(states -> states.stream()
      .filter(s -> s.partition() == partition && s.owner() != null).findFirst()
      .map(s -> Future.succeededFuture(s.owner()))
      .orElseGet(() -> Future.failedFuture("partition " + partition + " has no owner right now; retry shortly")));
  }
}
