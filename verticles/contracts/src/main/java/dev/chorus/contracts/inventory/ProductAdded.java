package dev.chorus.contracts.inventory;

import java.time.Instant;

/**
 * A product entered the catalogue.
 *
 * @param sku       its stock-keeping unit
 * @param name      its name
 * @param price     its list price, minor units
 * @param available its initial stock
 * @param reserved  0
 * @param at        when
 */
public record ProductAdded(String sku, String name, long price, long available, long reserved, Instant at) implements StockEvent {

  public static final String TYPE = "inventory.ProductAdded.v1";
}
