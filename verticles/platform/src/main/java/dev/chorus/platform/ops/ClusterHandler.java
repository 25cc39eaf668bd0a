package dev.chorus.platform.ops;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.List;

/** {@code GET /cluster}: every member node as the cluster knows it, with the readiness each one reports. */
public final class ClusterHandler implements Handler<RoutingContext> {

  private final ClusterDirectory directory;

  public ClusterHandler(ClusterDirectory directory) {
    this.directory = directory;
  }

  @Override
  public void handle(RoutingContext rc) {
    String self = directory.localNodeId();
    directory.members()
      .compose(members -> {
        List<Future<JsonObject>> states = members.stream().map(m -> NodeStatus.ask(rc.vertx(), m.nodeId())).toList();
        return Future.join(states).map(ignored -> {
          JsonArray nodes = new JsonArray();
          for (int i = 0; i < members.size(); i++) {
            ClusterMember member = members.get(i);
            nodes.add(member.toJson(member.nodeId().equals(self)).put("status", states.get(i).result()));
          }
          return nodes;
        });
      })
      .onSuccess(nodes -> rc.response()
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store")
        .end(new JsonObject().put("nodeId", self).put("size", nodes.size()).put("members", nodes).encode()))
      .onFailure(rc::fail);
  }
}
