package dev.chorus.contracts.prices;

import java.time.Instant;

/**
 * A product's selling price changed. Published by whichever context sets prices; followed by type, so that
 * consumers never name the publisher.
 *
 * @param sku   the product
 * @param price the new price, minor units
 * @param at    when
 */
public record PriceChanged(String sku, long price, Instant at) {

  public static final String TYPE = "prices.PriceChanged.v1";
}
