package dev.chorus.inventory.domain;

import java.time.Instant;
import java.util.UUID;

/** What can be asked of a product's stock. */
public sealed interface ProductCommand {

  /** @param stock initial units */
  record AddProduct(String sku, String name, long price, long stock, Instant at) implements ProductCommand {
  }

  record Restock(String sku, long quantity, Instant at) implements ProductCommand {
  }

  record Reserve(String sku, UUID orderId, long quantity) implements ProductCommand {
  }

  record Release(String sku, UUID orderId) implements ProductCommand {
  }

  record Commit(String sku, UUID orderId) implements ProductCommand {
  }
}
