package dev.chorus.pricing.domain;

import dev.chorus.contracts.prices.PriceChanged;
import dev.chorus.testkit.DeciderSpec;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class PriceDeciderTest {

  private static final Instant NOW = Instant.parse("2026-11-22T09:00:00Z");
  private static final PricingStarted STARTED = new PricingStarted("mug", 1_500, 100, NOW);
  private static final PriceChanged RAISED = new PriceChanged("mug", 1_650, NOW);

  private DeciderSpec<PriceCommand, Record, PriceRule> spec() {
    return DeciderSpec.of(new PriceDecider());
  }

  @Test
  @DisplayName("a new product is followed at its list price and initial stock")
  void tracks() {
    var then = spec().when(new PriceCommand.Track("mug", 1_500, 100, NOW)).then(STARTED);
    assertThat(then.state().current()).isEqualTo(1_500);
    spec().given(STARTED).when(new PriceCommand.Track("mug", 9, 9, NOW)).thenNothing();
  }

  @Test
  @DisplayName("at 10% of the initial stock the price holds; below it, it rises by 10%")
  void raisesBelowTenPercent() {
    spec().given(STARTED).when(new PriceCommand.Observe("mug", 10, false, NOW)).thenNothing();
    var then = spec().given(STARTED).when(new PriceCommand.Observe("mug", 9, false, NOW)).then(RAISED);
    assertThat(then.state().raised()).isTrue();
  }

  @Test
  @DisplayName("the price rises once, however low the stock goes")
  void raisesOnce() {
    spec().given(STARTED, RAISED).when(new PriceCommand.Observe("mug", 0, false, NOW)).thenNothing();
  }

  @Test
  @DisplayName("a restock back to 10% or more restores the base price; a release alone does not")
  void restoresOnRestock() {
    spec().given(STARTED, RAISED).when(new PriceCommand.Observe("mug", 50, false, NOW)).thenNothing();
    spec().given(STARTED, RAISED).when(new PriceCommand.Observe("mug", 9, true, NOW)).thenNothing();
    var then = spec().given(STARTED, RAISED).when(new PriceCommand.Observe("mug", 10, true, NOW)).then(new PriceChanged("mug", 1_500, NOW));
    assertThat(then.state().raised()).isFalse();
  }

  @Test
  @DisplayName("stock changes of a product pricing never heard of are ignored")
  void ignoresUnknown() {
    spec().when(new PriceCommand.Observe("mug", 0, false, NOW)).thenNothing();
  }
}
