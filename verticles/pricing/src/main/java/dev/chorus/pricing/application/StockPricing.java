package dev.chorus.pricing.application;

import dev.chorus.contracts.inventory.InventoryEvent;
import dev.chorus.contracts.inventory.ProductAdded;
import dev.chorus.contracts.inventory.ProductRestocked;
import dev.chorus.contracts.inventory.StockEvent;
import dev.chorus.platform.command.Command;
import dev.chorus.platform.command.CommandContext;
import dev.chorus.platform.command.CommandRuntime;
import dev.chorus.platform.eventstore.RecordedEvent;
import dev.chorus.platform.subscription.Effects;
import dev.chorus.platform.subscription.SubscriptionHandler;
import dev.chorus.pricing.domain.PriceCommand;
import dev.chorus.pricing.domain.PriceRule;
import io.vertx.core.Future;

import java.util.List;
import java.util.Optional;

/** Follows inventory's stock levels and reprices scarce products. */
final class StockPricing implements SubscriptionHandler {

  private final CommandRuntime<PriceCommand, Record, PriceRule> prices;

  StockPricing(CommandRuntime<PriceCommand, Record, PriceRule> prices) {
    this.prices = prices;
  }

  @Override
  public Future<Effects> prepare(RecordedEvent event) {
    if (!PricingTypes.STOCK.knows(event.type())) {
      return Future.succeededFuture(Effects.NONE);
    }
    InventoryEvent decoded = PricingTypes.STOCK.decode(event.type(), event.payload());
    StockEvent stock = (StockEvent) decoded;
    PriceCommand command = stock instanceof ProductAdded added
      ? new PriceCommand.Track(added.sku(), added.price(), added.available(), added.at())
      : new PriceCommand.Observe(stock.sku(), stock.available(), stock instanceof ProductRestocked, event.recordedAt().toInstant());
    CommandContext context = new CommandContext(Optional.empty(), "", event.eventId(), Optional.of(event.eventId()));
    return prices.prepare(new Command<>(PriceRule.stream(stock.sku()), command, context)).map(prepared -> Effects.of(List.of(prepared)));
  }
}
