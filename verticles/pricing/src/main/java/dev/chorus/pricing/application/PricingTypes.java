package dev.chorus.pricing.application;

import dev.chorus.contracts.inventory.InventoryEvent;
import dev.chorus.contracts.inventory.ProductAdded;
import dev.chorus.contracts.inventory.ProductRestocked;
import dev.chorus.contracts.inventory.StockCommitted;
import dev.chorus.contracts.inventory.StockReleased;
import dev.chorus.contracts.inventory.StockReserved;
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
    .add(ProductAdded.TYPE, ProductAdded.class)
    .add(ProductRestocked.TYPE, ProductRestocked.class)
    .add(StockReserved.TYPE, StockReserved.class)
    .add(StockReleased.TYPE, StockReleased.class)
    .add(StockCommitted.TYPE, StockCommitted.class)
    .build();

  static final AggregateType<PriceCommand, Record, PriceRule> PRICE =
    new AggregateType<>(new PriceDecider(), EVENTS, new SnapshotPolicy<>(PriceRule.class, "price-rule.v1", 200));

  private PricingTypes() {
  }
}
