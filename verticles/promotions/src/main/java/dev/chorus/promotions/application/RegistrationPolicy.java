package dev.chorus.promotions.application;

import dev.chorus.contracts.customers.CustomerRegistered;
import dev.chorus.contracts.promotions.PromotionEvent;
import dev.chorus.platform.command.Command;
import dev.chorus.platform.command.CommandContext;
import dev.chorus.platform.command.CommandRuntime;
import dev.chorus.platform.command.Prepared;
import dev.chorus.platform.eventstore.RecordedEvent;
import dev.chorus.platform.subscription.Effects;
import dev.chorus.platform.subscription.SubscriptionHandler;
import dev.chorus.promotions.domain.AwardInvitationPoints;
import dev.chorus.promotions.domain.CustomerPromotions;
import dev.chorus.promotions.domain.IssueWelcomeCoupon;
import dev.chorus.promotions.domain.PromotionCommand;
import dev.chorus.promotions.domain.PromotionStreams;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * When a customer registers: a welcome coupon for them, and points for whoever invited them. Both are
 * commands on promotions' own streams, written in the subscription's transaction with the event's inbox
 * record and checkpoint.
 */
final class RegistrationPolicy implements SubscriptionHandler {

  private final CommandRuntime<PromotionCommand, PromotionEvent, CustomerPromotions> promotions;

  RegistrationPolicy(CommandRuntime<PromotionCommand, PromotionEvent, CustomerPromotions> promotions) {
    this.promotions = promotions;
  }

  @Override
  public Future<Effects> prepare(RecordedEvent event) {
    if (!event.type().equals(CustomerRegistered.TYPE)) {
      return Future.succeededFuture(Effects.NONE);
    }
    CustomerRegistered registered = (CustomerRegistered) PromotionTypes.CUSTOMER_EVENTS.decode(event.type(), event.payload());
    CommandContext context = new CommandContext(Optional.empty(), "", correlation(event), Optional.of(event.eventId()));
    List<Future<Prepared<PromotionEvent>>> commands = new ArrayList<>();
    commands.add(promotions.prepare(new Command<>(PromotionStreams.of(registered.customerId()),
      new IssueWelcomeCoupon(registered.customerId(), PromotionStreams.welcomeCode(event.eventId()), registered.registeredAt()), context)));
    if (registered.invitedBy() != null) {
      commands.add(promotions.prepare(new Command<>(PromotionStreams.reward(registered.invitedBy(), registered.customerId()),
        new AwardInvitationPoints(registered.invitedBy(), registered.customerId(), registered.registeredAt()), context)));
    }
    return Future.all(commands).map(all -> Effects.of(commands.stream().<Prepared<?>>map(Future::result).toList()));
  }

  private static UUID correlation(RecordedEvent event) {
    String correlation = new JsonObject(event.metadata()).getString("correlationId");
    return correlation == null ? event.eventId() : UUID.fromString(correlation);
  }
}
