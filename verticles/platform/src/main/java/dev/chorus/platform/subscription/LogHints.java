package dev.chorus.platform.subscription;

import io.vertx.core.Context;
import io.vertx.core.Vertx;

import java.util.BitSet;
import java.util.concurrent.TimeUnit;

/**
 * Wake-up hints: after a commit, the producer tells the consumers which partitions of its log grew, each on the
 * partition's own address, which only the nodes that own that partition of a subscription listen to
 * ({@link PartitionHints}): a hint crosses to one node, not to every member.
 * Hints go out at once (at the end of the turn, for every partition that turn's commits grew) when none went
 * out in the last {@value #COALESCE_MS} ms, and otherwise when those milliseconds are over, for every partition
 * that grew meanwhile: no wait at low rates, at most one message per partition every {@value #COALESCE_MS} ms at
 * high ones. Hints may be lost; consumers also poll on a timer.
 * <p>
 * The producer listens to its own hints, on this node only, doing nothing with them: the event bus keeps the nodes that
 * listen to an address in a cache only while some node does, and looks an address that none listens to up in the
 * cluster's registry at every publish — a remote call on a cluster of several members, for every commit to a log or a
 * partition that no subscription follows.
 */
public final class LogHints {

  private static final long COALESCE_MS = 2;

  private final Vertx vertx;
  private final Context context;
  private final String producer;
  private final BitSet pending = new BitSet();
  private final BitSet listened = new BitSet();
  private boolean scheduled;
  private long publishedAt = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(COALESCE_MS);

  public LogHints(Vertx vertx, String context) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.producer = context;
  }

  /** Notes that a partition grew; callable from any thread. */
  public void appended(int partition) {
    context.runOnContext(v -> {
      pending.set(partition);
      if (!scheduled) {
        scheduled = true;
        long sinceLastMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - publishedAt);
        if (sinceLastMs >= COALESCE_MS) {
          context.runOnContext(end -> publish());
        } else {
          vertx.setTimer(COALESCE_MS - sinceLastMs, id -> publish());
        }
      }
    });
  }

  private void publish() {
    scheduled = false;
    publishedAt = System.nanoTime();
    pending.stream().forEach(partition -> {
      String address = LogAddresses.appended(producer, partition);
      if (!listened.get(partition)) {
        listened.set(partition);
        vertx.eventBus().localConsumer(address, ignored -> { });
      }
      vertx.eventBus().publish(address, null);
    });
    pending.clear();
  }
}
