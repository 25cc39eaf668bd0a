package dev.chorus.platform.subscription;

import dev.chorus.platform.web.JsonInput;
import dev.chorus.platform.web.Problem;
import dev.chorus.platform.web.ProblemException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * {@code /ops}: the subscriptions of the contexts this node hosts — their partitions and checkpoints,
 * parked events (list, retry, skip) and replays. Any node hosting the consuming context can answer;
 * retries and skips are carried out by the node that owns the event's partition.
 */
public final class SubscriptionOpsRoutes {

  private static final DeliveryOptions OPERATION_TIMEOUT = new DeliveryOptions().setSendTimeout(30_000);

  private final Vertx vertx;
  private final SubscriptionRegistry registry;

  private SubscriptionOpsRoutes(Vertx vertx, SubscriptionRegistry registry) {
    this.vertx = vertx;
    this.registry = registry;
  }

  public static void mount(Router router, Vertx vertx, SubscriptionRegistry registry) {
    SubscriptionOpsRoutes routes = new SubscriptionOpsRoutes(vertx, registry);
    router.get("/ops/subscriptions").handler(routes::subscriptions);
    router.post("/ops/subscriptions/:subscription/replay").handler(routes::replay);
    router.get("/ops/parked").handler(routes::parked);
    router.post("/ops/parked/:subscription/:eventId/:action").handler(routes::operate);
  }

  private void subscriptions(RoutingContext rc) {
    List<Future<JsonObject>> described = new ArrayList<>();
    for (SubscriptionRegistry.Registered registered : registry.all()) {
      described.add(new PartitionLeases(registered.pool()).states(registered.subscription().name()).map(states -> {
        JsonArray partitions = new JsonArray();
        states.forEach(s -> partitions.add(new JsonObject().put("partition", s.partition()).put("owner", s.owner())
          .put("epoch", s.epoch()).put("checkpoint", s.checkpoint().toString())));
        return new JsonObject().put("subscription", registered.subscription().name()).put("context", registered.context())
          .put("source", registered.subscription().source())
          .put("replayable", !registered.subscription().handler().resetStatements().isEmpty())
          .put("partitions", partitions);
      }));
    }
    Future.all(described).onSuccess(all -> json(rc, 200, new JsonArray(all.list()))).onFailure(rc::fail);
  }

  private void replay(RoutingContext rc) {
    SubscriptionRegistry.Registered registered = hosted(rc.pathParam("subscription"));
    if (registered.subscription().handler().resetStatements().isEmpty()) {
      throw new ProblemException(Problem.conflict("not-replayable", registered.subscription().name()
        + " has effects beyond read models (it appends events); only projections are replayed"));
    }
    Replay.run(vertx, registered)
      .onSuccess(v -> json(rc, 202, new JsonObject().put("subscription", registered.subscription().name()).put("status", "replaying")))
      .onFailure(rc::fail);
  }

  private void parked(RoutingContext rc) {
    String only = rc.queryParams().get("subscription");
    List<Future<List<ParkedEvents.Parked>>> lists = new ArrayList<>();
    for (SubscriptionRegistry.Registered registered : registry.all()) {
      if (only == null || only.equals(registered.subscription().name())) {
        lists.add(new ParkedEvents(registered.pool()).list(registered.subscription().name()));
      }
    }
    Future.all(lists).onSuccess(all -> {
      JsonArray parked = new JsonArray();
      lists.forEach(list -> list.result().forEach(p -> parked.add(p.toJson())));
      json(rc, 200, parked);
    }).onFailure(rc::fail);
  }

  private void operate(RoutingContext rc) {
    SubscriptionRegistry.Registered registered = hosted(rc.pathParam("subscription"));
    String action = rc.pathParam("action");
    if (!action.equals("retry") && !action.equals("skip")) {
      throw new ProblemException(Problem.notFound("no action '" + action + "' (retry or skip)"));
    }
    UUID eventId = JsonInput.uuid("eventId", rc.pathParam("eventId"));
    String name = registered.subscription().name();
    new ParkedEvents(registered.pool()).find(name, eventId)
      .compose(found -> found.isEmpty()
        ? Future.failedFuture(new ProblemException(Problem.notFound("no parked event " + eventId + " in " + name)))
        : ownerOf(registered, found.get().event().partition()).compose(owner -> vertx.eventBus().<JsonObject>request(
            SubscriptionAddresses.operations(name, owner),
            new JsonObject().put("action", action).put("partition", found.get().event().partition()).put("eventId", eventId.toString()),
            OPERATION_TIMEOUT)))
      .onSuccess(reply -> json(rc, 200, reply.body().put("subscription", name).put("eventId", eventId.toString()).put("action", action)))
      .onFailure(failure -> {
        if (failure instanceof ProblemException) {
          rc.fail(failure);
        } else {
          Problem.conflict("operation-failed", failure.getMessage()).send(rc);
        }
      });
  }

  private Future<String> ownerOf(SubscriptionRegistry.Registered registered, int partition) {
    return new PartitionLeases(registered.pool()).states(registered.subscription().name()).compose(states -> states.stream()
      .filter(s -> s.partition() == partition && s.owner() != null).findFirst()
      .map(s -> Future.succeededFuture(s.owner()))
      .orElseGet(() -> Future.failedFuture("partition " + partition + " has no owner right now; retry shortly")));
  }

  private SubscriptionRegistry.Registered hosted(String name) {
    return registry.find(name).orElseThrow(() -> new ProblemException(Problem.notFound(
      "no subscription " + name + " on this node (ask a node that hosts its context)")));
  }

  private static void json(RoutingContext rc, int status, Object body) {
    rc.response().setStatusCode(status).putHeader("Content-Type", "application/json")
      .end(body instanceof JsonArray array ? array.encode() : ((JsonObject) body).encode());
  }
}
