package dev.chorus.orders.application;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.OffsetDateTime;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OrderCursorTest {

  @Test
  void aPagesCursorReadsBackAsItself() {
    OrderCursor cursor = new OrderCursor(OffsetDateTime.parse("2026-12-07T01:19:43.123456Z"), UUID.randomUUID());

    assertThat(OrderCursor.parse(cursor.text())).isEqualTo(cursor);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1|00000000-0000-0000-0000-000000000000", "9999-99-99T99:99:99Z|00000000-0000-0000-0000-000000000000",
    "+10000-01-01T00:00:00Z|00000000-0000-0000-0000-000000000000", "-0001-01-01T00:00:00Z|00000000-0000-0000-0000-000000000000",
    "2026-12-07T01:19:43Z|not-a-uuid", "2026-12-07T01:19:43Z", "|", ""})
  void textThatNoPageAnsweredIsRefused(String text) {
    assertThatThrownBy(() -> OrderCursor.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }
}
