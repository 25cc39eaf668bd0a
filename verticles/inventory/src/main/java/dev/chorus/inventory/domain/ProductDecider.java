package dev.chorus.inventory.domain;

import dev.chorus.contracts.inventory.ProductAdded;
import dev.chorus.contracts.inventory.ProductRestocked;
import dev.chorus.contracts.inventory.StockCommitted;
import dev.chorus.contracts.inventory.StockEvent;
import dev.chorus.contracts.inventory.StockReleased;
import dev.chorus.contracts.inventory.StockReserved;
import dev.chorus.platform.decider.Decider;
import dev.chorus.platform.decider.Decision;

import java.util.Map;

/**
 * A product's stock never goes below zero. Reservations, releases and commits are per order and idempotent:
 * asked twice, the second answer is nothing.
 */
public final class ProductDecider implements Decider<ProductCommand, StockEvent, Product> {

  public static final String OUT_OF_STOCK = "out-of-stock";
  public static final String UNKNOWN_SKU = "unknown-sku";
  public static final String STOCK_LIMIT = "stock-limit";
  /** A price, in minor units, and a product's stock as added or restocked at once. */
  public static final long MAX_PRICE = 1_000_000_000L;
  public static final long MAX_QUANTITY = 1_000_000_000L;
  /** The most a product may have available: a restock beyond it is refused, so stock figures never overflow. */
  public static final long MAX_AVAILABLE = 1_000_000_000_000L;

  @Override
  public Product initialState() {
    return Product.NONE;
  }

  @Override
  public Decision<StockEvent> decide(ProductCommand command, Product product) {
    if (command instanceof ProductCommand.AddProduct add) {
      return product.exists()
        ? Decision.reject("sku-exists", "a product with sku " + add.sku() + " exists already")
        : Decision.accept(new ProductAdded(add.sku(), add.name(), add.price(), add.stock(), 0, add.at()));
    }
    if (!product.exists()) {
      return Decision.reject(UNKNOWN_SKU, "no product with this sku");
    }
    if (command instanceof ProductCommand.Restock restock) {
      if (restock.quantity() > MAX_AVAILABLE - product.available() - product.reserved()) {
        return Decision.reject(STOCK_LIMIT, "a product holds at most " + MAX_AVAILABLE + " units: " + product.sku() + " has "
          + product.available() + " available and " + product.reserved() + " reserved");
      }
      return Decision.accept(new ProductRestocked(product.sku(), restock.quantity(), product.available() + restock.quantity(),
        product.reserved(), restock.at()));
    }
    if (command instanceof ProductCommand.Reserve reserve) {
      if (product.held().containsKey(reserve.orderId())) {
        return Decision.accept();
      }
      return reserve.quantity() > product.available()
        ? Decision.reject(OUT_OF_STOCK, "out of stock: " + product.sku() + " has " + product.available() + ", " + reserve.quantity() + " wanted")
        : Decision.accept(new StockReserved(product.sku(), reserve.orderId(), reserve.quantity(),
            product.available() - reserve.quantity(), product.reserved() + reserve.quantity()));
    }
    if (command instanceof ProductCommand.Release release) {
      Long held = product.held().get(release.orderId());
      return held == null ? Decision.accept()
        : Decision.accept(new StockReleased(product.sku(), release.orderId(), held, product.available() + held, product.reserved() - held));
    }
    if (command instanceof ProductCommand.Commit commit) {
      Long held = product.held().get(commit.orderId());
      return held == null ? Decision.accept()
        : Decision.accept(new StockCommitted(product.sku(), commit.orderId(), held, product.available(), product.reserved() - held));
    }
    throw new IllegalArgumentException("a product command this decider does not know: " + command);
  }

  @Override
  public Product evolve(Product product, StockEvent event) {
    if (event instanceof ProductAdded added) {
      return new Product(added.sku(), added.name(), added.price(), added.available(), 0, added.available(), 0, 0, Map.of());
    }
    if (event instanceof ProductRestocked restocked) {
      return product.restocked(restocked.quantity());
    }
    if (event instanceof StockReserved reserved) {
      return product.reserved(reserved.orderId(), reserved.quantity());
    }
    if (event instanceof StockReleased released) {
      return product.released(released.orderId());
    }
    return product.committed(((StockCommitted) event).orderId());
  }
}
