package dev.chorus.platform.subscription;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;

import java.util.BitSet;

/**
 * Wake-up hints: after a commit, the producer tells every consumer which partitions of its log grew.
 * Hints are coalesced over a couple of milliseconds and may be lost; consumers also poll on a timer.
 */
public final class LogHints {

  private static final long COALESCE_MS = 2;

  private final Vertx vertx;
  private final Context context;
  private final String address;
  private final BitSet pending = new BitSet();
  private boolean scheduled;

  public LogHints(Vertx vertx, String context) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.address = LogAddresses.appended(context);
  }

  /** Notes that a partition grew; callable from any thread. */
  public void appended(int partition) {
    context.runOnContext(v -> {
      pending.set(partition);
      if (!scheduled) {
        scheduled = true;
        vertx.setTimer(COALESCE_MS, id -> publish());
      }
    });
  }

  private void publish() {
    scheduled = false;
    JsonArray partitions = new JsonArray();
    pending.stream().forEach(partitions::add);
    pending.clear();
    vertx.eventBus().publish(address, partitions);
  }
}
