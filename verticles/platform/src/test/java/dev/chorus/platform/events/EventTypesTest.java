package dev.chorus.platform.events;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventTypesTest {

  sealed interface Shipment permits Sent, Lost {
  }

  record Sent(String parcel, String carrier, Instant at) implements Shipment {
  }

  record Lost(String parcel) implements Shipment {
  }

  private final EventTypes<Shipment> types = EventTypes.<Shipment>builder()
    .add("shipping.Sent.v3", Sent.class)
    .add("shipping.Lost.v1", Lost.class)
    .upcast("shipping.Sent.v1", "shipping.Sent.v2", json -> json.put("carrier", "unknown"))
    .upcast("shipping.Sent.v2", "shipping.Sent.v3", json -> json.put("at", "2020-01-01T00:00:00Z"))
    .build();

  @Test
  @DisplayName("events are stored under their registered names, never their class names, and read back equal")
  void roundTrip() {
    Sent sent = new Sent("p-1", "dhl", Instant.parse("2026-11-22T10:15:30.123Z"));

    assertThat(types.nameOf(sent)).isEqualTo("shipping.Sent.v3");
    assertThat(types.encode(sent)).isEqualTo("{\"parcel\":\"p-1\",\"carrier\":\"dhl\",\"at\":\"2026-11-22T10:15:30.123Z\"}");
    assertThat(types.decode("shipping.Sent.v3", types.encode(sent))).isEqualTo(sent);
  }

  @Test
  @DisplayName("an old version is upcast step by step to the latest record")
  void upcastsAChain() {
    assertThat(types.decode("shipping.Sent.v1", "{\"parcel\":\"p-9\"}"))
      .isEqualTo(new Sent("p-9", "unknown", Instant.parse("2020-01-01T00:00:00Z")));
    assertThat(types.knows("shipping.Sent.v1")).isTrue();
    assertThat(types.knows("shipping.Returned.v1")).isFalse();
  }

  @Test
  @DisplayName("fields a newer writer added are ignored by an older reader")
  void tolerantReader() {
    assertThat(types.decode("shipping.Lost.v1", "{\"parcel\":\"p-2\",\"insuredValue\":100}")).isEqualTo(new Lost("p-2"));
  }

  @Test
  @DisplayName("unknown types and unregistered classes are refused by name")
  void refusesUnknowns() {
    assertThatThrownBy(() -> types.decode("shipping.Returned.v1", "{}")).hasMessageContaining("unknown event type shipping.Returned.v1");
    assertThatThrownBy(() -> EventTypes.<Shipment>builder().add("a.v1", Lost.class).add("b.v1", Lost.class))
      .hasMessageContaining("registered twice");
  }
}
