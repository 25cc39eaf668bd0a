package dev.chorus.platform.ops;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.List;

/**
 * {@code GET /cluster}: every member node as the cluster knows it, with the readiness each one reports, and
 * for every subscription which node owns each partition and how far behind it is.
 */
public final class ClusterHandler implements Handler<RoutingContext> {

  private final ClusterDirectory directory;

  public ClusterHandler(ClusterDirectory directory) {
    this.directory = directory;
  }

  @Override
  public void handle(RoutingContext rc) {
    view(rc.vertx(), directory)
      .onSuccess(view -> rc.response()
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store")
        .end(view.encode()))
      .onFailure(rc::fail);
  }

  /** The cluster as {@code /cluster} shows it. */
  public static Future<JsonObject> view(Vertx vertx, ClusterDirectory directory) {
    String self = directory.localNodeId();
    return directory.members()
      .compose(members -> {
        List<Future<JsonObject>> states = members.stream().map(m -> NodeStatus.ask(vertx, m.nodeId())).toList();
        return Future.join(states).map(ignored -> {
          JsonArray nodes = new JsonArray();
          JsonObject subscriptions = new JsonObject();
          for (int i = 0; i < members.size(); i++) {
            ClusterMember member = members.get(i);
            JsonObject status = states.get(i).result();
            JsonArray owned = (JsonArray) status.remove("subscriptions");
            nodes.add(member.toJson(member.nodeId().equals(self)).put("status", status));
            collect(subscriptions, member.nodeId(), owned);
          }
          int dbConnections = members.stream().mapToInt(m -> m.dbConnections() == null ? 0 : m.dbConnections()).sum();
          return new JsonObject().put("nodeId", self).put("size", nodes.size()).put("dbConnections", dbConnections)
            .put("members", nodes).put("subscriptions", subscriptions);
        });
      });
  }

  /**
   * Folds one node's owned partitions into {@code {subscription: {source, partitions: {p: {owner, lag, ...}}}}}. A partition
   * more than one node says it owns (each side of a network partition may, until the lease in the database decides) also
   * lists them all in {@code contested}.
   */
  static void collect(JsonObject subscriptions, String nodeId, JsonArray owned) {
    if (owned == null) {
      return;
    }
    for (Object entry : owned) {
      JsonObject subscription = (JsonObject) entry;
      JsonObject view = subscriptions.getJsonObject(subscription.getString("subscription"));
      if (view == null) {
        view = new JsonObject().put("source", subscription.getString("source")).put("partitions", new JsonObject());
        subscriptions.put(subscription.getString("subscription"), view);
      }
      JsonObject partitions = view.getJsonObject("partitions");
      for (Object p : subscription.getJsonArray("partitions")) {
        JsonObject partition = ((JsonObject) p).copy().put("owner", nodeId);
        String key = String.valueOf(partition.remove("partition"));
        JsonObject claimed = partitions.getJsonObject(key);
        if (claimed != null) {
          partition.put("contested", claimed.getJsonArray("contested", new JsonArray().add(claimed.getString("owner"))).copy().add(nodeId));
        }
        partitions.put(key, partition);
      }
    }
  }
}
