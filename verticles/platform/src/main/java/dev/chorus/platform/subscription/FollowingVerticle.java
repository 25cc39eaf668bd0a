package dev.chorus.platform.subscription;

import dev.chorus.platform.context.ContextRuntime;
import dev.chorus.platform.eventstore.Partitioner;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

import java.util.HashSet;
import java.util.Set;

/**
 * Follows an event type rather than a context: every context of the cluster that publishes the type gets a
 * subscription of its own ({@code <name>@<source>}), started when the publisher first appears. A context can
 * so be added to a running system — say, one that publishes prices — without a line changed in its consumers.
 */
final class FollowingVerticle extends VerticleBase {

  private static final long DISCOVERY_MS = 2_000;

  private final ContextRuntime runtime;
  private final String consumerContext;
  private final String name;
  private final String eventType;
  private final SubscriptionHandler handler;
  private final SubscriptionOptions options;
  private final Set<String> followed = new HashSet<>();

  FollowingVerticle(ContextRuntime runtime, String consumerContext, String name, String eventType, SubscriptionHandler handler,
                    SubscriptionOptions options) {
    this.runtime = runtime;
    this.consumerContext = consumerContext;
    this.name = name;
    this.eventType = eventType;
    this.handler = handler;
    this.options = options;
  }

  @Override
  public Future<?> start() {
    vertx.setPeriodic(0, DISCOVERY_MS, id -> discover());
    return Future.succeededFuture();
  }

  private void discover() {
    runtime.membership().contextsPublishing(eventType).onSuccess(sources -> {
      for (String source : sources) {
        if (followed.add(source)) {
          Subscription subscription = new Subscription(name + "@" + source, source, Partitioner.DEFAULT_PARTITIONS, handler);
          Subscriptions.deployOne(runtime, consumerContext, subscription, options);
        }
      }
    });
  }
}
