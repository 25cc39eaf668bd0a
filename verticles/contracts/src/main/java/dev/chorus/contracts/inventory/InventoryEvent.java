package dev.chorus.contracts.inventory;

import java.util.Map;

/**
 * What the inventory context publishes: stock levels per product ({@link StockEvent}, names in
 * {@link StockEvent#TYPES}), and each order's reservation outcome.
 */
public sealed interface InventoryEvent permits StockEvent, OrderStockReserved, StockReservationFailed {

  /** Every reservation outcome by its stored name. */
  Map<String, Class<? extends InventoryEvent>> RESERVATION_TYPES = Map.of(
    OrderStockReserved.TYPE, OrderStockReserved.class,
    StockReservationFailed.TYPE, StockReservationFailed.class);
}
