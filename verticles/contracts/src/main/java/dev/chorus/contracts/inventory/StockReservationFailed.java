package dev.chorus.contracts.inventory;

import java.util.UUID;

/**
 * An order could not be reserved; nothing of it was.
 *
 * @param orderId the order
 * @param reason  why, e.g. {@code out of stock: sku-1}
 */
public record StockReservationFailed(UUID orderId, String reason) implements InventoryEvent {

  public static final String TYPE = "inventory.StockReservationFailed.v1";
}
