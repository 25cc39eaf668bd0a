package dev.chorus.pricing.domain;

/**
 * A product's pricing: its base price, its initial stock, and whether the scarcity surcharge is on.
 *
 * @param current the price in force
 */
public record PriceRule(String sku, long basePrice, long initialStock, boolean raised, long current) {

  public static final PriceRule UNKNOWN = new PriceRule(null, 0, 0, false, 0);

  public boolean known() {
    return sku != null;
  }

  public static String stream(String sku) {
    return "price-" + sku;
  }
}
