package dev.chorus.launcher;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One context, one database across the cluster: the first node hosting a context records the database it keeps it in,
 * in the cluster's shared data, and a node that would keep it in another one refuses to join rather than read and
 * lease in a foreign log. Nodes joined by the bundled configuration never meet one of another default database (the
 * cluster is named after it); a configuration of one's own, or a context's own {@code --db}, can bring them together,
 * and this is what stops them.
 */
final class ClusterDatabase {

  private static final String MAP = "chorus.cluster";
  private static final String KEY_PREFIX = "database:";

  private ClusterDatabase() {
  }

  /**
   * Completes when the cluster keeps each of {@code contexts} in the database this node does (recording it where no node
   * did), fails with one line naming every context whose database is another one.
   */
  static Future<Void> claim(Vertx vertx, Map<String, DatabaseIdentity> contexts) {
    return vertx.sharedData().<String, JsonObject>getAsyncMap(MAP).compose(map -> {
      List<Future<String>> disagreements = contexts.entrySet().stream().map(entry -> {
        JsonObject ours = new JsonObject().put("identity", entry.getValue().text()).put("url", entry.getValue().url().toString());
        return map.putIfAbsent(KEY_PREFIX + entry.getKey(), ours).map(theirs -> theirs == null || theirs.getString("identity")
          .equals(ours.getString("identity")) ? null
          : entry.getKey() + " is kept in " + theirs.getString("url") + " (" + theirs.getString("identity") + "), not in this node's "
            + ours.getString("url") + " (" + ours.getString("identity") + ")");
      }).toList();
      return Future.all(disagreements).compose(all -> {
        List<String> found = disagreements.stream().map(Future::result).filter(Objects::nonNull).toList();
        return found.isEmpty() ? Future.<Void>succeededFuture() : Future.failedFuture(new StartupFailure("this node's databases are not its"
          + " cluster's: " + String.join("; ", found) + ". Start it with the same --db as the other nodes (or their --data-dir), or give"
          + " it a --cluster-config with a cluster-name of its own"));
      });
    });
  }
}
