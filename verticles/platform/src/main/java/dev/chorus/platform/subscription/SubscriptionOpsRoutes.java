package dev.chorus.platform.subscription;

import dev.chorus.platform.web.JsonInput;
import dev.chorus.platform.web.Problem;
import dev.chorus.platform.web.ProblemException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
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

  private final Vertx vertx;
  private final SubscriptionRegistry registry;
  private final ParkedOperations parked;

  private SubscriptionOpsRoutes(Vertx vertx, SubscriptionRegistry registry) {
    this.vertx = vertx;
    this.registry = registry;
    this.parked = new ParkedOperations(vertx, registry);
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
    parked.list(rc.queryParams().get("subscription")).onSuccess(list -> json(rc, 200, list)).onFailure(rc::fail);
  }

  /** {@code ?node=ID} carries the operation out through that node, which hosts the subscription (the dashboard's way). */
  private void operate(RoutingContext rc) {
    String subscription = rc.pathParam("subscription");
    String action = rc.pathParam("action");
    UUID eventId = JsonInput.uuid("eventId", rc.pathParam("eventId"));
    String node = rc.queryParams().get("node");
    (node == null || registry.find(subscription).isPresent() ? parked.operate(subscription, eventId, action)
      : parked.operateThrough(node, subscription, eventId, action))
      .onSuccess(reply -> json(rc, 200, reply))
      .onFailure(failure -> {
        if (failure instanceof ProblemException) {
          rc.fail(failure);
        } else {
          Problem.conflict("operation-failed", failure.getMessage()).send(rc);
        }
      });
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
