package dev.chorus.contracts.inventory;

import java.util.UUID;

/** Units set aside for an order that was rejected or cancelled went back to stock. */
public record StockReleased(String sku, UUID orderId, long quantity, long available, long reserved) implements StockEvent {

  public static final String TYPE = "inventory.StockReleased.v1";
}
