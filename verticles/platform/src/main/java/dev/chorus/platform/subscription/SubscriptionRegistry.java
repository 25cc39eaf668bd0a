package dev.chorus.platform.subscription;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The subscriptions running on this node, for the ops endpoints and the cluster view. */
public final class SubscriptionRegistry {

  /**
   * @param subscription the subscription
   * @param context      the consuming context
   * @param pool         the consuming context's connections
   * @param runner       its runner on this node
   */
  public record Registered(Subscription subscription, String context, Pool pool, SubscriptionVerticle runner) {
  }

  private final Map<String, Registered> subscriptions = new ConcurrentHashMap<>();
  private final Map<String, Presence> presences = new ConcurrentHashMap<>();

  public void register(Registered registered) {
    subscriptions.put(registered.subscription().name(), registered);
  }

  /** This node's presence in the database of {@code context}, shared by the context's subscriptions. */
  public Presence presence(String context, SqlClient client, String nodeId) {
    return presences.computeIfAbsent(context, c -> new Presence(client, nodeId));
  }

  public Optional<Registered> find(String name) {
    return Optional.ofNullable(subscriptions.get(name));
  }

  public Collection<Registered> all() {
    return subscriptions.values();
  }

  /** The partitions each subscription owns on this node. */
  public Future<JsonArray> status() {
    List<Future<JsonObject>> each = subscriptions.values().stream().map(r -> r.runner().status()).toList();
    return Future.all(each).map(all -> new JsonArray(each.stream().map(Future::result).toList()));
  }
}
