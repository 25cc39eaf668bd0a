package dev.chorus.orders.application;

import dev.chorus.platform.context.ContextSettings;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OrderSettingsTest {

  @Test
  @DisplayName("unset, an order has 30 s to become final and a node admits what it can finish within 250 ms")
  void defaults() {
    OrderSettings settings = OrderSettings.from(ContextSettings.none("orders"));
    assertThat(settings.deadline()).isEqualTo(Duration.ofSeconds(30));
    assertThat(settings.targetLatency()).isEqualTo(Duration.ofMillis(250));
  }

  @Test
  @DisplayName("a target latency that is not shorter than the deadline is refused, naming both settings")
  void targetBelowTheDeadline() {
    assertThat(OrderSettings.from(new ContextSettings("orders", Map.of("deadline", "PT5S", "target-latency", "PT1S"))).targetLatency())
      .isEqualTo(Duration.ofSeconds(1));
    assertThatThrownBy(() -> OrderSettings.from(new ContextSettings("orders", Map.of("deadline", "PT5S", "target-latency", "PT5S"))))
      .isInstanceOf(IllegalArgumentException.class)
      .hasMessage("orders.target-latency: PT5S must be shorter than orders.deadline (PT5S)");
  }
}
