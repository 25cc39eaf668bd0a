package dev.chorus.platform.subscription;

import dev.chorus.platform.context.ContextRuntime;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;

import java.util.List;

/** Deploys a context's subscriptions on its node. */
public final class Subscriptions {

  private Subscriptions() {
  }

  public static Future<Void> deploy(ContextRuntime runtime, String context, List<Subscription> subscriptions, SubscriptionOptions options) {
    return Future.all(subscriptions.stream().map(subscription -> deployOne(runtime, context, subscription, options)).toList()).mapEmpty();
  }

  /**
   * Follows an event type wherever it is published: one subscription, named {@code <name>@<source>}, per
   * publishing context, each started when its publisher first shows up in the cluster.
   */
  public static Future<Void> following(ContextRuntime runtime, String context, String name, String eventType, SubscriptionHandler handler,
                                       SubscriptionOptions options) {
    return runtime.vertx().deployVerticle(new FollowingVerticle(runtime, context, name, eventType, handler, options)).mapEmpty();
  }

  static Future<String> deployOne(ContextRuntime runtime, String context, Subscription subscription, SubscriptionOptions options) {
    Presence presence = runtime.subscriptions().presence(context, runtime.reads(), runtime.nodeId());
    SubscriptionVerticle runner = new SubscriptionVerticle(subscription, context, runtime.nodeId(), runtime.membership(), presence,
      runtime.pool(), runtime.reads(), runtime.partitioner(), runtime.hints(), runtime.meters(), options);
    runtime.subscriptions().register(new SubscriptionRegistry.Registered(subscription, context, runtime.pool(), runner));
    return runtime.vertx().deployVerticle(runner, new DeploymentOptions());
  }
}
