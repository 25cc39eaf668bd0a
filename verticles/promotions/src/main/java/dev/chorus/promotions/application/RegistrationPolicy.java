package dev.chorus.promotions.application;

import dev.chorus.contracts.customers.CustomerEvent;
import dev.chorus.contracts.customers.CustomerRegistered;
import dev.chorus.contracts.promotions.PromotionEvent;
import dev.chorus.platform.command.CommandRuntime;
import dev.chorus.platform.command.Prepared;
import dev.chorus.platform.subscription.Cause;
import dev.chorus.platform.subscription.Effects;
import dev.chorus.platform.subscription.EventHandlers;
import dev.chorus.promotions.domain.PromotionCommand.AwardInvitationPoints;
import dev.chorus.promotions.domain.CustomerPromotions;
import dev.chorus.promotions.domain.PromotionCommand.IssueWelcomeCoupon;
import dev.chorus.promotions.domain.PromotionCommand;
import dev.chorus.promotions.domain.PromotionStreams;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.List;

/**
 * When a customer registers: a welcome coupon for them, and points for whoever invited them. Both are
 * commands on promotions' own streams, written in the subscription's transaction with the event's inbox
 * record and checkpoint.
 */
final class RegistrationPolicy {

  private final CommandRuntime<PromotionCommand, PromotionEvent, CustomerPromotions> promotions;

  private RegistrationPolicy(CommandRuntime<PromotionCommand, PromotionEvent, CustomerPromotions> promotions) {
    this.promotions = promotions;
  }

  static EventHandlers<CustomerEvent> handlers(CommandRuntime<PromotionCommand, PromotionEvent, CustomerPromotions> promotions) {
    return EventHandlers.following(PromotionTypes.CUSTOMER_EVENTS)
      .on(CustomerRegistered.class, new RegistrationPolicy(promotions)::registered)
      .build();
  }

  private Future<Effects> registered(CustomerRegistered registered, Cause cause) {
    List<Future<Prepared<PromotionEvent>>> commands = new ArrayList<>();
    commands.add(promotions.prepare(cause.command(PromotionStreams.of(registered.customerId()),
      new IssueWelcomeCoupon(registered.customerId(), PromotionStreams.welcomeCode(cause.eventId()), registered.registeredAt()))));
    if (registered.invitedBy() != null) {
      commands.add(promotions.prepare(cause.command(PromotionStreams.reward(registered.invitedBy(), registered.customerId()),
        new AwardInvitationPoints(registered.invitedBy(), registered.customerId(), registered.registeredAt()))));
    }
    return Future.all(commands).map(all -> Effects.of(commands.stream().<Prepared<?>>map(Future::result).toList()));
  }
}
