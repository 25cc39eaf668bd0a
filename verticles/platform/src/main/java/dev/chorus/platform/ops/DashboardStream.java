package dev.chorus.platform.ops;

import dev.chorus.platform.access.Caller;
import dev.chorus.platform.subscription.ParkedOperations;
import dev.chorus.platform.subscription.SubscriptionRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.time.Instant;

/**
 * {@code GET /ops/stream}: what the dashboard shows, as server-sent events — every second, the cluster as
 * {@code /cluster} shows it (members, readiness, each subscription's partitions with owner and lag, each node's
 * appended events per context) and every node's parked events. Nothing is received: the page acts through the
 * ordinary routes. A stream ends when its caller's token expires: asking again, the page is refused until it is given a
 * valid one.
 */
public final class DashboardStream implements Handler<RoutingContext> {

  static final long PERIOD_MS = 1_000;

  private final ClusterDirectory directory;
  private final SubscriptionRegistry subscriptions;

  public DashboardStream(ClusterDirectory directory, SubscriptionRegistry subscriptions) {
    this.directory = directory;
    this.subscriptions = subscriptions;
  }

  @Override
  public void handle(RoutingContext rc) {
    HttpServerResponse response = rc.response().setChunked(true)
      .putHeader("Content-Type", "text/event-stream").putHeader("Cache-Control", "no-store").putHeader("X-Accel-Buffering", "no");
    ParkedOperations parked = new ParkedOperations(rc.vertx(), subscriptions);
    boolean[] busy = {false};
    long timer = rc.vertx().setPeriodic(0, PERIOD_MS, id -> {
      if (busy[0]) {
        return; // the previous snapshot is still being gathered: a slow cluster gets fewer, not more
      }
      busy[0] = true;
      snapshot(rc, parked)
        .compose(snapshot -> response.write("event: snapshot\ndata: " + snapshot.encode() + "\n\n"))
        .onComplete(done -> busy[0] = false);
    });
    long expiry = Caller.expiry(rc).map(at -> rc.vertx().setTimer(Math.max(1, at.toEpochMilli() - System.currentTimeMillis()), id -> {
      rc.vertx().cancelTimer(timer);
      response.end();
    })).orElse(-1L);
    response.closeHandler(closed -> stop(rc, timer, expiry));
    response.exceptionHandler(failure -> stop(rc, timer, expiry));
  }

  private static void stop(RoutingContext rc, long timer, long expiry) {
    rc.vertx().cancelTimer(timer);
    rc.vertx().cancelTimer(expiry);
  }

  private Future<JsonObject> snapshot(RoutingContext rc, ParkedOperations parked) {
    return ClusterHandler.view(rc.vertx(), directory).compose(view -> parked.listEverywhere(
        view.getJsonArray("members").stream().map(member -> ((JsonObject) member).getString("nodeId")).toList())
      .map(list -> view.put("parked", list).put("at", Instant.now().toString())));
  }
}
