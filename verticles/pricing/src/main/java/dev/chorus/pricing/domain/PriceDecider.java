package dev.chorus.pricing.domain;

import dev.chorus.contracts.prices.PriceChanged;
import dev.chorus.platform.decider.Decider;
import dev.chorus.platform.decider.Decision;

/**
 * When a product's available stock falls below 10% of its initial stock, its price rises by 10% (once); a
 * restock that lifts it back to 10% or more restores the base price.
 */
public final class PriceDecider implements Decider<PriceCommand, Record, PriceRule> {

  @Override
  public PriceRule initialState() {
    return PriceRule.UNKNOWN;
  }

  @Override
  public Decision<Record> decide(PriceCommand command, PriceRule rule) {
    if (command instanceof PriceCommand.Track track) {
      return rule.known() ? Decision.accept()
        : Decision.accept(new PricingStarted(track.sku(), track.basePrice(), track.initialStock(), track.at()));
    }
    if (!(command instanceof PriceCommand.Observe observe)) {
      throw new IllegalArgumentException("a price command this decider does not know: " + command);
    }
    if (!rule.known()) {
      return Decision.accept();
    }
    boolean scarce = observe.available() * 10 < rule.initialStock();
    if (scarce && !rule.raised()) {
      return Decision.accept(new PriceChanged(rule.sku(), (rule.basePrice() * 11 + 5) / 10, observe.at()));
    }
    if (!scarce && rule.raised() && observe.restocked()) {
      return Decision.accept(new PriceChanged(rule.sku(), rule.basePrice(), observe.at()));
    }
    return Decision.accept();
  }

  @Override
  public PriceRule evolve(PriceRule rule, Record event) {
    if (event instanceof PricingStarted started) {
      return new PriceRule(started.sku(), started.basePrice(), started.initialStock(), false, started.basePrice());
    }
    if (event instanceof PriceChanged changed) {
      return new PriceRule(rule.sku(), rule.basePrice(), rule.initialStock(), changed.price() != rule.basePrice(), changed.price());
    }
    throw new IllegalArgumentException("a pricing event this decider does not know: " + event);
  }
}
