package dev.chorus.contracts.inventory;

import java.util.Map;

/**
 * A change of one product's stock; every one carries the levels after it.
 * {@code initial + restocked = available + reserved + sold} always holds.
 */
public sealed interface StockEvent extends InventoryEvent
  permits ProductAdded, ProductRestocked, StockReserved, StockReleased, StockCommitted {

  /** Every stock event by its stored name. */
  Map<String, Class<? extends StockEvent>> TYPES = Map.of(
    ProductAdded.TYPE, ProductAdded.class,
    ProductRestocked.TYPE, ProductRestocked.class,
    StockReserved.TYPE, StockReserved.class,
    StockReleased.TYPE, StockReleased.class,
    StockCommitted.TYPE, StockCommitted.class);

  String sku();

  /** Units free to reserve after the change. */
  long available();

  /** Units held for orders not yet confirmed, after the change. */
  long reserved();
}
