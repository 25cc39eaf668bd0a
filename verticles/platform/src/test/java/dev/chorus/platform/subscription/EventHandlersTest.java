package dev.chorus.platform.subscription;

import dev.chorus.platform.command.Prepared;
import dev.chorus.platform.command.SqlWrite;
import dev.chorus.platform.eventstore.RecordedEvent;
import dev.chorus.platform.events.EventTypes;
import io.vertx.core.Future;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventHandlersTest {

  sealed interface Parcel permits Moved, Lost {
  }

  sealed interface Moved extends Parcel permits Sent, Delivered {
  }

  record Sent(String parcel, String carrier) implements Moved {
  }

  record Delivered(String parcel) implements Moved {
  }

  record Lost(String parcel) implements Parcel {
  }

  private static final EventTypes<Parcel> PARCELS = EventTypes.<Parcel>builder()
    .add("parcels.Sent.v2", Sent.class)
    .add("parcels.Delivered.v1", Delivered.class)
    .add("parcels.Lost.v1", Lost.class)
    .upcast("parcels.Sent.v1", "parcels.Sent.v2", json -> json.put("carrier", "unknown"))
    .build();

  private static final UUID CONVERSATION = UUID.fromString("6b0c5e9e-8a43-4a36-a1b6-1d3a8f6f2c11");

  private final List<Object> handled = new ArrayList<>();
  private final List<Cause> causes = new ArrayList<>();

  @Test
  @DisplayName("a handler gets its event as its record, and its cause carries the conversation and names the event")
  void typedWithCause() {
    EventHandlers<Parcel> handlers = EventHandlers.following(PARCELS).on(Sent.class, this::record).build();
    RecordedEvent event = recorded("parcels.Sent.v2", "{\"parcel\":\"p-1\",\"carrier\":\"dhl\"}",
      "{\"commandId\":\"x\",\"correlationId\":\"" + CONVERSATION + "\",\"causationId\":\"" + UUID.randomUUID() + "\"}");

    handlers.prepare(event);

    assertThat(handled).containsExactly(new Sent("p-1", "dhl"));
    Cause cause = causes.get(0);
    assertThat(cause.correlationId()).isEqualTo(CONVERSATION);
    assertThat(cause.eventId()).isEqualTo(event.eventId());
    assertThat(cause.streamId()).isEqualTo("parcel-p-1");
    assertThat(cause.recordedAt()).isEqualTo(event.recordedAt().toInstant());
    assertThat(cause.context().correlationId()).isEqualTo(CONVERSATION);
    assertThat(cause.context().causationId()).contains(event.eventId());
    assertThat(cause.context().commandId()).isEmpty();
    assertThat(cause.command("s-1", "do it").context()).isEqualTo(cause.context());
  }

  @Test
  @DisplayName("an event whose metadata names no conversation, or is not JSON, starts one with its own id")
  void newConversation() {
    EventHandlers<Parcel> handlers = EventHandlers.following(PARCELS).on(Lost.class, this::record).build();
    for (String metadata : List.of("{}", "{\"correlationId\":\"not a uuid\"}", "{\"correlationId\":7}", "not json", "")) {
      RecordedEvent event = recorded("parcels.Lost.v1", "{\"parcel\":\"p-2\"}", metadata);
      handlers.prepare(event);
      assertThat(causes.get(causes.size() - 1).correlationId()).as(metadata).isEqualTo(event.eventId());
    }
  }

  @Test
  @DisplayName("events without a handler and types the language does not know have no effects, and are not even decoded")
  void ignoredByRule() {
    EventHandlers<Parcel> handlers = EventHandlers.following(PARCELS).on(Sent.class, this::record).build();

    Effects lost = handlers.prepare(recorded("parcels.Lost.v1", "not json at all", "{}")).result();
    Effects newer = handlers.prepare(recorded("parcels.Returned.v1", "{\"parcel\":\"p-1\"}", "{}")).result();

    assertThat(lost).isSameAs(Effects.NONE);
    assertThat(newer).isSameAs(Effects.NONE);
    assertThat(handled).isEmpty();
  }

  @Test
  @DisplayName("an older version is upcast and reaches the handler of the latest record")
  void upcastFirst() {
    EventHandlers<Parcel> handlers = EventHandlers.following(PARCELS).on(Sent.class, this::record).build();

    handlers.prepare(recorded("parcels.Sent.v1", "{\"parcel\":\"p-1\"}", "{}"));

    assertThat(handled).containsExactly(new Sent("p-1", "unknown"));
  }

  @Test
  @DisplayName("a supertype's handler takes its records that have no handler of their own; the most specific one wins")
  void supertypes() {
    List<String> took = new ArrayList<>();
    EventHandlers<Parcel> handlers = EventHandlers.following(PARCELS)
      .on(Parcel.class, (parcel, cause) -> done(took, "parcel"))
      .on(Moved.class, (moved, cause) -> done(took, "moved"))
      .on(Delivered.class, (delivered, cause) -> done(took, "delivered"))
      .build();

    handlers.prepare(recorded("parcels.Sent.v2", "{\"parcel\":\"p\",\"carrier\":\"c\"}", "{}"));
    handlers.prepare(recorded("parcels.Delivered.v1", "{\"parcel\":\"p\"}", "{}"));
    handlers.prepare(recorded("parcels.Lost.v1", "{\"parcel\":\"p\"}", "{}"));

    assertThat(took).containsExactly("moved", "delivered", "parcel");
  }

  @Test
  @DisplayName("a projection's handler is one write per event, from the event alone; the reset statements are the handlers' own")
  void projection() {
    EventHandlers<Parcel> handlers = EventHandlers.following(PARCELS)
      .project(Delivered.class, (delivered, cause) -> SqlWrite.of("insert into delivered values ($1)", Tuple.of(delivered.parcel())))
      .resetting("delete from delivered")
      .build();

    Effects effects = handlers.prepare(recorded("parcels.Delivered.v1", "{\"parcel\":\"p-9\"}", "{}")).result();

    assertThat(effects.commands()).isEmpty();
    assertThat(effects.writes()).singleElement().satisfies(write -> assertThat(write.params().getString(0)).isEqualTo("p-9"));
    assertThat(effects.fromEventAlone()).as("a projection reads nothing").isTrue();
    assertThat(handlers.resetStatements()).containsExactly("delete from delivered");
  }

  @Test
  @DisplayName("effects with commands cannot be declared as from the event alone: a command reads its stream")
  void commandsReadTheirStreams() {
    assertThat(Effects.writes(List.of()).fromEventAlone()).isFalse();
    assertThatThrownBy(() -> new Effects(List.of(new Prepared<>(null, List.of(), List.of(), null, () -> { }, () -> { })), List.of(), true))
      .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("commands");
  }

  @Test
  @DisplayName("handlers that could never run, or that claim one type together, fail when they are built")
  void settledAtBuild() {
    assertThatThrownBy(() -> EventHandlers.following(PARCELS)
      .on(Moved.class, this::record).on(Sent.class, this::record).on(Delivered.class, this::record).build())
      .hasMessageContaining("Moved").hasMessageContaining("never run");
    assertThatThrownBy(() -> EventHandlers.following(PARCELS).on(Sent.class, this::record).on(Sent.class, this::record))
      .hasMessageContaining("two handlers for Sent");
    EventTypes<Object> unrelated = EventTypes.builder().add("both.v1", Both.class).build();
    assertThatThrownBy(() -> EventHandlers.following(unrelated)
      .on(Left.class, (e, c) -> Future.succeededFuture(Effects.NONE)).on(Right.class, (e, c) -> Future.succeededFuture(Effects.NONE)).build())
      .hasMessageContaining("Both is taken by several handlers: [Left, Right]");
  }

  interface Left {
  }

  interface Right {
  }

  record Both() implements Left, Right {
  }

  private Future<Effects> record(Parcel event, Cause cause) {
    handled.add(event);
    causes.add(cause);
    return Future.succeededFuture(Effects.NONE);
  }

  private static Future<Effects> done(List<String> took, String handler) {
    took.add(handler);
    return Future.succeededFuture(Effects.NONE);
  }

  private static RecordedEvent recorded(String type, String payload, String metadata) {
    return new RecordedEvent(42, "parcel-p-1", 1, UUID.randomUUID(), type, payload, metadata, 3, 1000,
      OffsetDateTime.of(2026, 12, 5, 10, 0, 0, 0, ZoneOffset.UTC));
  }
}
