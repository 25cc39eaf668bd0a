package dev.chorus.launcher;

import dev.chorus.platform.db.DatabaseUrl;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;

/**
 * One cluster, one database: the first node records the database it uses in the cluster's shared data, and a
 * node whose database is another one refuses to join rather than read and lease in a foreign log. A database is
 * known by its server's system identifier (one per {@code initdb}) and its name, whatever address reaches it.
 */
final class ClusterDatabase {

  private static final String MAP = "chorus.cluster";
  private static final String KEY = "database";
  private static final String IDENTITY = "select (select system_identifier::text from pg_control_system()) || '/' || current_database()";

  private ClusterDatabase() {
  }

  /** Completes when the cluster uses this node's database (recording it if no node did), fails with one line if not. */
  static Future<Void> claim(Vertx vertx, SqlClient client, DatabaseUrl url) {
    return client.query(IDENTITY).execute().map(rows -> new JsonObject()
        .put("identity", rows.iterator().next().getString(0)).put("url", url.toString()))
      .compose(ours -> vertx.sharedData().<String, JsonObject>getAsyncMap(MAP)
        .compose(map -> map.putIfAbsent(KEY, ours))
        .compose(theirs -> theirs == null || theirs.getString("identity").equals(ours.getString("identity"))
          ? Future.<Void>succeededFuture()
          : Future.failedFuture(new StartupFailure("this node's database " + url + " (" + ours.getString("identity")
            + ") is not the one the cluster uses: " + theirs.getString("url") + " (" + theirs.getString("identity")
            + "); start it with that --db (or the other nodes' --data-dir), or give it a cluster of its own"))));
  }
}
