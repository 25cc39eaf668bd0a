package dev.chorus.platform.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WellFormedUriTest {

  @Test
  void everyPercentStartsAnEscape() {
    assertThat(WellFormedUri.wellFormed("/orders?after=2026-12-07T00:00:00Z%7C6ba7b810-9dad-41d1-80b4-00c04fd430c8&status=PENDING")).isTrue();
    assertThat(WellFormedUri.wellFormed("/customers/%C3%A9")).isTrue();
    assertThat(WellFormedUri.wellFormed("/customers/x?%zz=1")).isFalse();
    assertThat(WellFormedUri.wellFormed("/customers/%g0")).isFalse();
    assertThat(WellFormedUri.wellFormed("/customers/%4g/x")).as("a second character that is not a hex digit").isFalse();
    assertThat(WellFormedUri.wellFormed("/customers/%")).isFalse();
    assertThat(WellFormedUri.wellFormed("/customers/%4")).isFalse();
  }
}
