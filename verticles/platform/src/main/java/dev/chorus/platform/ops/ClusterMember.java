package dev.chorus.platform.ops;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A node of the cluster as the cluster itself describes it.
 *
 * @param nodeId    cluster id
 * @param httpUrl   where its HTTP endpoints answer
 * @param contexts  the bounded contexts it hosts
 * @param publishes for each hosted context, the event types it publishes for followers by type
 * @param startedAt when it started (ISO-8601)
 * @param dbConnections the most connections it opens to its databases
 * @param databases for each hosted context, the database that holds it (its URL without password, or {@code embedded})
 */
public record ClusterMember(String nodeId, String httpUrl, List<String> contexts, Map<String, List<String>> publishes,
                            String startedAt, Integer dbConnections, Map<String, String> databases) {

  /** What a node publishes about itself in the cluster's node metadata. */
  public static JsonObject metadata(int httpPort, List<String> contexts, Map<String, List<String>> publishes, String startedAt,
                                    int dbConnections, Map<String, String> databases) {
    JsonObject published = new JsonObject();
    publishes.forEach((context, types) -> published.put(context, new JsonArray(List.copyOf(types))));
    return new JsonObject()
      .put("httpPort", httpPort)
      .put("contexts", new JsonArray(List.copyOf(contexts)))
      .put("publishes", published)
      .put("startedAt", startedAt)
      .put("dbConnections", dbConnections)
      .put("databases", new JsonObject(new HashMap<String, Object>(databases)));
  }

  static ClusterMember fromMetadata(String nodeId, String host, JsonObject metadata) {
    JsonObject meta = metadata == null ? new JsonObject() : metadata;
    Integer port = meta.getInteger("httpPort");
    List<String> contexts = meta.getJsonArray("contexts", new JsonArray()).stream().map(String::valueOf).toList();
    Map<String, List<String>> publishes = new HashMap<>();
    meta.getJsonObject("publishes", new JsonObject()).forEach(entry -> publishes.put(entry.getKey(),
      ((JsonArray) entry.getValue()).stream().map(String::valueOf).toList()));
    Map<String, String> databases = new HashMap<>();
    meta.getJsonObject("databases", new JsonObject()).forEach(entry -> databases.put(entry.getKey(), String.valueOf(entry.getValue())));
    return new ClusterMember(nodeId, port == null ? null : "http://" + host + ":" + port, contexts, publishes, meta.getString("startedAt"),
      meta.getInteger("dbConnections"), databases);
  }

  public JsonObject toJson(boolean self) {
    return new JsonObject()
      .put("nodeId", nodeId)
      .put("httpUrl", httpUrl)
      .put("contexts", new JsonArray(List.copyOf(contexts)))
      .put("startedAt", startedAt)
      .put("dbConnections", dbConnections)
      .put("databases", new JsonObject(new HashMap<String, Object>(databases)))
      .put("self", self);
  }
}
