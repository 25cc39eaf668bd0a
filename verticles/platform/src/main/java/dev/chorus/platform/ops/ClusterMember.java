package dev.chorus.platform.ops;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * A node of the cluster as the cluster itself describes it.
 *
 * @param nodeId    cluster id
 * @param httpUrl   where its HTTP endpoints answer
 * @param contexts  the bounded contexts it hosts
 * @param startedAt when it started (ISO-8601)
 */
public record ClusterMember(String nodeId, String httpUrl, List<String> contexts, String startedAt) {

  /** What a node publishes about itself in the cluster's node metadata. */
  public static JsonObject metadata(int httpPort, List<String> contexts, String startedAt) {
    return new JsonObject()
      .put("httpPort", httpPort)
      .put("contexts", new JsonArray(List.copyOf(contexts)))
      .put("startedAt", startedAt);
  }

  static ClusterMember fromMetadata(String nodeId, String host, JsonObject metadata) {
    JsonObject meta = metadata == null ? new JsonObject() : metadata;
    Integer port = meta.getInteger("httpPort");
    List<String> contexts = meta.getJsonArray("contexts", new JsonArray()).stream().map(String::valueOf).toList();
    return new ClusterMember(nodeId, port == null ? null : "http://" + host + ":" + port, contexts, meta.getString("startedAt"));
  }

  public JsonObject toJson(boolean self) {
    return new JsonObject()
      .put("nodeId", nodeId)
      .put("httpUrl", httpUrl)
      .put("contexts", new JsonArray(List.copyOf(contexts)))
      .put("startedAt", startedAt)
      .put("self", self);
  }
}
