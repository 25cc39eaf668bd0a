package dev.chorus.contracts.inventory;

/**
 * A change of one product's stock; every one carries the levels after it.
 * {@code initial + restocked = available + reserved + sold} always holds.
 */
public sealed interface StockEvent extends InventoryEvent
  permits ProductAdded, ProductRestocked, StockReserved, StockReleased, StockCommitted {

  String sku();

  /** Units free to reserve after the change. */
  long available();

  /** Units held for orders not yet confirmed, after the change. */
  long reserved();
}
