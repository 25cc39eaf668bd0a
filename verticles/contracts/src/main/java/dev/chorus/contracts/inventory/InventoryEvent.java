package dev.chorus.contracts.inventory;

/** What the inventory context publishes: stock levels per product, and each order's reservation. */
public sealed interface InventoryEvent permits StockEvent, OrderStockReserved, StockReservationFailed {
}
