package dev.chorus.launcher;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * One cluster, one database: the first node records the database it uses in the cluster's shared data, and a
 * node whose database is another one refuses to join rather than read and lease in a foreign log. Nodes joined by
 * the bundled configuration never meet one of another database (the cluster is named after it); a configuration of
 * one's own can bring them together, and this is what stops them.
 */
final class ClusterDatabase {

  private static final String MAP = "chorus.cluster";
  private static final String KEY = "database";

  private ClusterDatabase() {
  }

  /** Completes when the cluster uses this node's database (recording it if no node did), fails with one line if not. */
  static Future<Void> claim(Vertx vertx, DatabaseIdentity database) {
    JsonObject ours = new JsonObject().put("identity", database.text()).put("url", database.url().toString());
    return vertx.sharedData().<String, JsonObject>getAsyncMap(MAP)
      .compose(map -> map.putIfAbsent(KEY, ours))
      .compose(theirs -> theirs == null || theirs.getString("identity").equals(database.text())
        ? Future.<Void>succeededFuture()
        : Future.failedFuture(new StartupFailure("this node's database " + database.url() + " (" + database.text()
          + ") is not the one its cluster uses: " + theirs.getString("url") + " (" + theirs.getString("identity")
          + "); start it with that --db (or the other nodes' --data-dir), or give it a --cluster-config with a cluster-name of its own")));
  }
}
