package dev.chorus.platform.context;

import dev.chorus.platform.subscription.Membership;
import io.vertx.core.Vertx;

import java.util.function.BooleanSupplier;

/**
 * Whether another node of the cluster hosts a context right now, and so may write the same streams; looked up once a
 * second (a node that joins is seen within that second; until then a command decided on a stale image is caught by
 * its append's expected version, as always).
 */
public final class HostedElsewhere implements BooleanSupplier {

  private static final long LOOK_EVERY_MS = 1_000;

  private volatile boolean elsewhere;

  private HostedElsewhere() {
  }

  public static HostedElsewhere watch(Vertx vertx, Membership membership, String context, String localNodeId) {
    HostedElsewhere hosted = new HostedElsewhere();
    vertx.setPeriodic(1, LOOK_EVERY_MS, timer -> membership.nodesHosting(context)
      .onSuccess(nodes -> hosted.elsewhere = nodes.stream().anyMatch(node -> !node.equals(localNodeId))));
    return hosted;
  }

  @Override
  public boolean getAsBoolean() {
    return elsewhere;
  }
}
