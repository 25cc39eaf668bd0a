package dev.chorus.inventory.domain;

import dev.chorus.contracts.inventory.ProductAdded;
import dev.chorus.contracts.inventory.ProductRestocked;
import dev.chorus.contracts.inventory.StockCommitted;
import dev.chorus.contracts.inventory.StockEvent;
import dev.chorus.contracts.inventory.StockReleased;
import dev.chorus.contracts.inventory.StockReserved;
import dev.chorus.testkit.DeciderSpec;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class ProductDeciderTest {

  private static final Instant NOW = Instant.parse("2026-11-22T09:00:00Z");
  private static final UUID ORDER = UUID.fromString("0b6f3a4e-8a51-4b3c-9d2e-5f6a7b8c9d01");
  private static final UUID OTHER = UUID.fromString("0b6f3a4e-8a51-4b3c-9d2e-5f6a7b8c9d02");
  private static final ProductAdded ADDED = new ProductAdded("mug", "Mug", 1500, 10, 0, NOW);

  private final DeciderSpec<ProductCommand, StockEvent, Product> spec = DeciderSpec.of(new ProductDecider());

  @Test
  @DisplayName("a product is added once per sku")
  void addsOnce() {
    spec.when(new ProductCommand.AddProduct("mug", "Mug", 1500, 10, NOW)).then(ADDED);
    DeciderSpec.of(new ProductDecider()).given(ADDED).when(new ProductCommand.AddProduct("mug", "Other", 1, 1, NOW))
      .thenRejected("sku-exists");
  }

  @Test
  @DisplayName("a reservation takes units from available into reserved, never more than available")
  void reservesWithinStock() {
    var then = spec.given(ADDED).when(new ProductCommand.Reserve("mug", ORDER, 4)).then(new StockReserved("mug", ORDER, 4, 6, 4));
    assertThat(then.state().held()).isEqualTo(Map.of(ORDER, 4L));
    DeciderSpec.of(new ProductDecider()).given(ADDED, new StockReserved("mug", ORDER, 4, 6, 4))
      .when(new ProductCommand.Reserve("mug", OTHER, 7))
      .thenRejected(ProductDecider.OUT_OF_STOCK);
  }

  @Test
  @DisplayName("a restock that would take a product's units past their limit is refused; up to the limit is taken")
  void stockLimit() {
    long max = ProductDecider.MAX_AVAILABLE;
    ProductAdded large = new ProductAdded("mug", "Mug", 1500, max - 10, 0, NOW);
    StockReserved held = new StockReserved("mug", ORDER, 4, max - 14, 4);
    spec.given(large, held).when(new ProductCommand.Restock("mug", 11, NOW)).thenRejected(ProductDecider.STOCK_LIMIT);
    DeciderSpec.of(new ProductDecider()).given(large, held).when(new ProductCommand.Restock("mug", 10, NOW)).then(new ProductRestocked("mug", 10, max - 4, 4, NOW));
  }

  @Test
  @DisplayName("reserving for the same order twice holds the units once")
  void reservationIsIdempotent() {
    spec.given(ADDED, new StockReserved("mug", ORDER, 4, 6, 4)).when(new ProductCommand.Reserve("mug", ORDER, 4)).thenNothing();
  }

  @Test
  @DisplayName("a release gives back exactly what the order held, once")
  void releases() {
    var then = spec.given(ADDED, new StockReserved("mug", ORDER, 4, 6, 4))
      .when(new ProductCommand.Release("mug", ORDER))
      .then(new StockReleased("mug", ORDER, 4, 10, 0));
    assertThat(then.state().held()).isEmpty();
    DeciderSpec.of(new ProductDecider()).given(ADDED, new StockReserved("mug", ORDER, 4, 6, 4), new StockReleased("mug", ORDER, 4, 10, 0))
      .when(new ProductCommand.Release("mug", ORDER)).thenNothing();
  }

  @Test
  @DisplayName("a commit turns the order's reserved units into sold ones; releasing afterwards changes nothing")
  void commits() {
    var then = spec.given(ADDED, new StockReserved("mug", ORDER, 4, 6, 4))
      .when(new ProductCommand.Commit("mug", ORDER))
      .then(new StockCommitted("mug", ORDER, 4, 6, 0));
    Product product = then.state();
    assertThat(product.sold()).isEqualTo(4);
    assertThat(product.initial() + product.restocked()).isEqualTo(product.available() + product.reserved() + product.sold());
    DeciderSpec.of(new ProductDecider()).given(ADDED, new StockReserved("mug", ORDER, 4, 6, 4), new StockCommitted("mug", ORDER, 4, 6, 0))
      .when(new ProductCommand.Release("mug", ORDER)).thenNothing();
  }

  @Test
  @DisplayName("a release or commit for an order that holds nothing here is nothing")
  void settlingWithoutReservation() {
    spec.given(ADDED).when(new ProductCommand.Release("mug", ORDER)).thenNothing();
    DeciderSpec.of(new ProductDecider()).given(ADDED).when(new ProductCommand.Commit("mug", ORDER)).thenNothing();
  }

  @Test
  @DisplayName("a restock adds to available and carries the levels after it")
  void restocks() {
    var then = spec.given(ADDED, new StockReserved("mug", ORDER, 4, 6, 4))
      .when(new ProductCommand.Restock("mug", 5, NOW))
      .then(new ProductRestocked("mug", 5, 11, 4, NOW));
    assertThat(then.state().restocked()).isEqualTo(5);
  }

  @Test
  @DisplayName("nothing can be done to a product that was never added")
  void unknownSku() {
    spec.when(new ProductCommand.Restock("mug", 5, NOW)).thenRejected(ProductDecider.UNKNOWN_SKU);
    DeciderSpec.of(new ProductDecider()).when(new ProductCommand.Reserve("mug", ORDER, 1)).thenRejected(ProductDecider.UNKNOWN_SKU);
  }
}
