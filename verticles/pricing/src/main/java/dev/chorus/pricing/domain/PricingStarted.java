package dev.chorus.pricing.domain;

import java.time.Instant;

/** Pricing follows a product from now on (kept in pricing's own log, not published). */
public record PricingStarted(String sku, long basePrice, long initialStock, Instant at) {

  public static final String TYPE = "pricing.PricingStarted.v1";
}
