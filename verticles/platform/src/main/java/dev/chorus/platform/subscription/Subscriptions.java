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
    List<Future<String>> deployed = subscriptions.stream().map(subscription -> {
      SubscriptionVerticle runner = new SubscriptionVerticle(subscription, context, runtime.nodeId(), runtime.membership(),
        runtime.pool(), runtime.reads(), runtime.partitioner(), runtime.hints(), runtime.meters(), options);
      runtime.subscriptions().register(new SubscriptionRegistry.Registered(subscription, context, runtime.pool(), runner));
      return runtime.vertx().deployVerticle(runner, new DeploymentOptions());
    }).toList();
    return Future.all(deployed).mapEmpty();
  }
}
