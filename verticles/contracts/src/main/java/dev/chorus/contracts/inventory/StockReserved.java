package dev.chorus.contracts.inventory;

import java.util.UUID;

/** Units of a product were set aside for an order. */
public record StockReserved(String sku, UUID orderId, long quantity, long available, long reserved) implements StockEvent {

  public static final String TYPE = "inventory.StockReserved.v1";
}
