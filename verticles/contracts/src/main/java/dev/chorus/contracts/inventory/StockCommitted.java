package dev.chorus.contracts.inventory;

import java.util.UUID;

/** Units set aside for an order that was confirmed are sold. */
public record StockCommitted(String sku, UUID orderId, long quantity, long available, long reserved) implements StockEvent {

  public static final String TYPE = "inventory.StockCommitted.v1";
}
