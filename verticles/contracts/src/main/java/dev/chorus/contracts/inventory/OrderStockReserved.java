package dev.chorus.contracts.inventory;

import java.util.UUID;

/** Every line of an order is reserved. */
public record OrderStockReserved(UUID orderId) implements InventoryEvent {

  public static final String TYPE = "inventory.OrderStockReserved.v1";
}
