package dev.chorus.pricing.domain;

import java.time.Instant;

/** What pricing is told about a product. */
public sealed interface PriceCommand {

  /** A product appeared, at this price with this much stock. */
  record Track(String sku, long basePrice, long initialStock, Instant at) implements PriceCommand {
  }

  /** A product's stock changed; {@code restocked} when the change was a restock. */
  record Observe(String sku, long available, boolean restocked, Instant at) implements PriceCommand {
  }
}
