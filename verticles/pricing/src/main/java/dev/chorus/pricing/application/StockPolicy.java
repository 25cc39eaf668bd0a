package dev.chorus.pricing.application;

import dev.chorus.contracts.inventory.InventoryEvent;
import dev.chorus.contracts.inventory.ProductAdded;
import dev.chorus.contracts.inventory.ProductRestocked;
import dev.chorus.contracts.inventory.StockEvent;
import dev.chorus.platform.command.CommandRuntime;
import dev.chorus.platform.subscription.Cause;
import dev.chorus.platform.subscription.Effects;
import dev.chorus.platform.subscription.EventHandlers;
import dev.chorus.pricing.domain.PriceCommand;
import dev.chorus.pricing.domain.PriceRule;
import io.vertx.core.Future;

import java.util.List;

/** Follows inventory's stock levels and reprices scarce products. */
final class StockPolicy {

  private final CommandRuntime<PriceCommand, Record, PriceRule> prices;

  private StockPolicy(CommandRuntime<PriceCommand, Record, PriceRule> prices) {
    this.prices = prices;
  }

  static EventHandlers<InventoryEvent> handlers(CommandRuntime<PriceCommand, Record, PriceRule> prices) {
    StockPolicy pricing = new StockPolicy(prices);
    return EventHandlers.following(PricingTypes.STOCK)
      .on(ProductAdded.class, (added, cause) -> pricing.price(added.sku(),
        new PriceCommand.Track(added.sku(), added.price(), added.available(), added.at()), cause))
      .on(ProductRestocked.class, (restocked, cause) -> pricing.observe(restocked, true, cause))
      .on(StockEvent.class, (stock, cause) -> pricing.observe(stock, false, cause))
      .build();
  }

  private Future<Effects> observe(StockEvent stock, boolean restocked, Cause cause) {
    return price(stock.sku(), new PriceCommand.Observe(stock.sku(), stock.available(), restocked, cause.recordedAt()), cause);
  }

  private Future<Effects> price(String sku, PriceCommand command, Cause cause) {
    return prices.prepare(cause.command(PriceRule.stream(sku), command)).map(prepared -> Effects.of(List.of(prepared)));
  }
}
