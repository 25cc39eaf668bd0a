package dev.chorus.platform.context;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContextSettingsTest {

  @Test
  @DisplayName("a duration is read as ISO-8601, with the fallback when it is not set")
  void durations() {
    ContextSettings settings = new ContextSettings("orders", Map.of("deadline", " PT10S "));

    assertThat(settings.duration("deadline", Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(10));
    assertThat(settings.duration("other", Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  @DisplayName("a malformed, zero or negative duration is refused with the setting's full name")
  void badDurations() {
    for (String bad : new String[] {"10s", "PT0S", "-PT5S", ""}) {
      assertThatThrownBy(() -> new ContextSettings("orders", Map.of("deadline", bad)).duration("deadline", Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("orders.deadline: '" + bad + "' is not a positive ISO-8601 duration");
    }
  }
}
