package dev.chorus.platform.trace;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TracesHandlerTest {

  @Test
  @DisplayName("causes come before their effects, even recorded later; the rest by time recorded (not by its text)")
  void causalOrder() {
    JsonObject placed = event("a", null, "2026-12-05T10:00:00.1Z");
    JsonObject reserved = event("b", "a", "2026-12-05T10:00:00.09Z");   // recorded "before" its cause: another clock's rounding
    JsonObject captured = event("c", "b", "2026-12-05T10:00:00.12Z");
    JsonObject unrelated = event("d", "elsewhere", "2026-12-05T10:00:00.105Z");

    List<String> order = TracesHandler.causalOrder(List.of(captured, unrelated, reserved, placed)).stream()
      .map(e -> e.getString("eventId")).toList();

    assertThat(order).containsExactly("a", "b", "d", "c");
  }

  private static JsonObject event(String id, String cause, String at) {
    return new JsonObject().put("eventId", id).put("causationId", cause).put("recordedAt", at);
  }
}
