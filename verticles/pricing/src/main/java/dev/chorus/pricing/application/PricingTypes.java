package dev.chorus.pricing.application;

import dev.chorus.contracts.inventory.InventoryEvent;
import dev.chorus.contracts.inventory.StockEvent;
import dev.chorus.contracts.prices.PriceChanged;
import dev.chorus.platform.command.AggregateType;
import dev.chorus.platform.command.SnapshotPolicy;
import dev.chorus.platform.events.EventTypes;
import dev.chorus.pricing.domain.PriceCommand;
import dev.chorus.pricing.domain.PriceDecider;
import dev.chorus.pricing.domain.PriceRule;
import dev.chorus.pricing.domain.PricingStarted;

/** The event types pricing writes and reads. */
final class PricingTypes {

  static final EventTypes<Record> EVENTS = EventTypes.<Record>builder()
    .add(PricingStarted.TYPE, PricingStarted.class)
    .add(PriceChanged.TYPE, PriceChanged.class)
    .build();

  static final EventTypes<InventoryEvent> STOCK = EventTypes.<InventoryEvent>builder()
    .addAll(StockEvent.TYPES)
    .build();

  static final AggregateType<PriceCommand, Record, PriceRule> PRICE =
    new AggregateType<>(new PriceDecider(), EVENTS, new SnapshotPolicy<>(PriceRule.class, "price-rule.v1", 200));

  private PricingTypes() {
  }
}
