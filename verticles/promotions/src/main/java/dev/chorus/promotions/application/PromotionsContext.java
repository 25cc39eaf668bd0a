package dev.chorus.promotions.application;

import dev.chorus.platform.command.CommandEffects;
import dev.chorus.platform.command.CommandRuntime;
import dev.chorus.platform.context.BoundedContext;
import dev.chorus.platform.context.ContextAppenders;
import dev.chorus.platform.context.ContextRuntime;
import dev.chorus.platform.context.Hosting;
import dev.chorus.platform.eventstore.Partitioner;
import dev.chorus.platform.subscription.Subscription;
import dev.chorus.platform.subscription.SubscriptionOptions;
import dev.chorus.platform.subscription.Subscriptions;
import dev.chorus.promotions.web.PromotionsRouter;

import java.util.List;

/**
 * The promotions context: follows customer registrations (a welcome coupon, points for the inviter) and
 * serves coupons and points from read models of its own log.
 */
public final class PromotionsContext implements BoundedContext {

  public static final String NAME = "promotions";
  static final String REGISTRATIONS = "promotions.registrations";
  static final String VIEWS = "promotions.views";
  private static final String CUSTOMERS = "customers";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Hosting host(ContextRuntime runtime) {
    var promotions = new CommandRuntime<>(runtime.vertx(), runtime.reads(), ContextAppenders.groupCommit(runtime, NAME),
      PromotionTypes.CUSTOMER_PROMOTIONS, CommandEffects.none(), runtime.commandOptions());
    List<Subscription> subscriptions = List.of(
      new Subscription(REGISTRATIONS, CUSTOMERS, Partitioner.DEFAULT_PARTITIONS, RegistrationPolicy.handlers(promotions)),
      new Subscription(VIEWS, NAME, runtime.partitioner().partitions(), PromotionViews.handlers()));
    PromotionQueries queries = new PromotionQueries(runtime.reads());
    return Hosting.of(() -> Subscriptions.deploy(runtime, NAME, subscriptions, SubscriptionOptions.defaults()),
      () -> PromotionsRouter.create(runtime.vertx(), queries), PromotionsRouter.ACCESS);
  }
}
