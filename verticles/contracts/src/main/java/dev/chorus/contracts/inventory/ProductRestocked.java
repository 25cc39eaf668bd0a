package dev.chorus.contracts.inventory;

import java.time.Instant;

/** Units were added to a product's stock. */
public record ProductRestocked(String sku, long quantity, long available, long reserved, Instant at) implements StockEvent {

  public static final String TYPE = "inventory.ProductRestocked.v1";
}
