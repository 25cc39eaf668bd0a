package dev.chorus.promotions.application;

import dev.chorus.contracts.customers.CustomerEvent;
import dev.chorus.contracts.promotions.PromotionEvent;
import dev.chorus.platform.command.AggregateType;
import dev.chorus.platform.command.SnapshotPolicy;
import dev.chorus.platform.events.EventTypes;
import dev.chorus.promotions.domain.CustomerPromotions;
import dev.chorus.promotions.domain.PromotionCommand;
import dev.chorus.promotions.domain.PromotionsDecider;

/** The event types promotions writes and reads. */
final class PromotionTypes {

  static final EventTypes<PromotionEvent> EVENTS = EventTypes.<PromotionEvent>builder()
    .addAll(PromotionEvent.TYPES)
    .build();

  /** What promotions understands of the customers' published language. */
  static final EventTypes<CustomerEvent> CUSTOMER_EVENTS = EventTypes.<CustomerEvent>builder()
    .addAll(CustomerEvent.TYPES)
    .build();

  /** Streams stay short (a customer's coupons, one reward per invitation): nothing to snapshot. */
  static final AggregateType<PromotionCommand, PromotionEvent, CustomerPromotions> CUSTOMER_PROMOTIONS =
    new AggregateType<>(new PromotionsDecider(), EVENTS, SnapshotPolicy.never(CustomerPromotions.class));

  private PromotionTypes() {
  }
}
