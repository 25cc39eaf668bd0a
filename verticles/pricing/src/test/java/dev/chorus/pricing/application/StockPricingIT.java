package dev.chorus.pricing.application;

import dev.chorus.contracts.inventory.ProductAdded;
import dev.chorus.contracts.inventory.ProductRestocked;
import dev.chorus.contracts.inventory.StockEvent;
import dev.chorus.contracts.inventory.StockReserved;
import dev.chorus.contracts.prices.PriceChanged;
import dev.chorus.pricing.domain.PricingStarted;
import dev.chorus.testkit.ContextHarness;
import dev.chorus.testkit.ContextHarness.Appended;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Given inventory's stock levels, pricing raises a scarce product's price and restores it after a restock. */
class StockPricingIT {

  private static final Map<String, Class<?>> PRICING = Map.of(PricingStarted.TYPE, PricingStarted.class, PriceChanged.TYPE, PriceChanged.class);
  private static final Instant AT = Instant.parse("2026-12-05T10:00:00Z");

  @RegisterExtension
  final ContextHarness pricing = new ContextHarness(new PricingContext(), "inventory");

  @Test
  @DisplayName("a new product is tracked at its price; scarce, it costs 10% more; restocked, its price is restored; each step in its conversation")
  void scarcityAndRestock() {
    UUID conversation = UUID.randomUUID();
    UUID added = publish(new ProductAdded("tea", "Tea", 1_000, 100, 0, AT), conversation);
    Appended<PricingStarted> started = pricing.awaitAppended(PRICING, PricingStarted.class, 1).get(0);
    assertThat(started.event()).isEqualTo(new PricingStarted("tea", 1_000, 100, AT));
    assertThat(started.correlationId()).isEqualTo(conversation);
    assertThat(started.causationId()).contains(added);

    publish(new StockReserved("tea", UUID.randomUUID(), 85, 15, 85), UUID.randomUUID());
    publish(new StockReserved("tea", UUID.randomUUID(), 6, 9, 91), UUID.randomUUID());
    UUID restock = publish(new ProductRestocked("tea", 50, 59, 91, AT), conversation);

    List<Appended<PriceChanged>> changes = pricing.awaitAppended(PRICING, PriceChanged.class, 2);
    assertThat(changes).extracting(change -> change.event().price()).containsExactly(1_100L, 1_000L);
    assertThat(changes.get(1).causationId()).contains(restock);
  }

  private UUID publish(StockEvent event, UUID conversation) {
    return pricing.publish("inventory", StockEvent.TYPES, "product-tea", event, conversation);
  }
}
