package dev.chorus.examples.loyalty;

import dev.chorus.examples.loyalty.OrderPoints.Earn;
import dev.chorus.examples.loyalty.OrderPoints.PointsEarned;
import dev.chorus.testkit.DeciderSpec;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.UUID;

class OrderPointsTest {

  private final UUID customer = UUID.randomUUID();
  private final UUID order = UUID.randomUUID();

  @Test
  @DisplayName("a point per full 100 minor units of the total")
  void fullHundreds() {
    DeciderSpec.of(new OrderPoints()).when(new Earn(customer, order, 1_299)).then(new PointsEarned(customer, order, 12));
  }

  @Test
  @DisplayName("an order's points are earned once; under 100 there are none")
  void onceAndNotForLess() {
    DeciderSpec.of(new OrderPoints()).given(new PointsEarned(customer, order, 12)).when(new Earn(customer, order, 1_299)).thenNothing();
    DeciderSpec.of(new OrderPoints()).when(new Earn(customer, order, 99)).thenNothing();
  }
}
