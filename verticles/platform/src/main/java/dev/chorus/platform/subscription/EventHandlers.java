package dev.chorus.platform.subscription;

import dev.chorus.platform.command.SqlWrite;
import dev.chorus.platform.eventstore.RecordedEvent;
import dev.chorus.platform.events.EventTypes;
import dev.chorus.platform.trace.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * A subscription's handlers, one per event type of the language it follows:
 * <pre>{@code
 * EventHandlers.following(CustomerEvent.TYPES)
 *   .on(CustomerRegistered.class, (registered, cause) -> ...)   // typed: no decoding, no casts
 *   .build();
 * }</pre>
 * An event is decoded only when a handler wants its type; every other event — a type of the language without a
 * handler, or one the language does not know (a newer producer) — has no effects, by this rule and not by each
 * handler. A handler for a supertype (a sealed interface of the language) takes every event of it that has no
 * handler of its own. Which handler takes which type is settled when the handlers are built: a handler that no type
 * of the language reaches, or a type that two unrelated handlers claim, fails the build.
 *
 * @param <E> the events' common type
 */
public final class EventHandlers<E> implements SubscriptionHandler {

  private final EventTypes<E> language;
  private final Map<Class<?>, EventHandler<? super E>> byType;
  private final List<String> resetStatements;

  private EventHandlers(EventTypes<E> language, Map<Class<?>, EventHandler<? super E>> byType, List<String> resetStatements) {
    this.language = language;
    this.byType = Map.copyOf(byType);
    this.resetStatements = List.copyOf(resetStatements);
  }

  /** Handlers for the events of a published language (a context's own, or another's from its contracts). */
  public static <E> Builder<E> following(EventTypes<E> language) {
    return new Builder<>(language);
  }

  @Override
  public Future<Effects> prepare(RecordedEvent event) {
    Optional<Class<? extends E>> type = language.typeOf(event.type());
    EventHandler<? super E> handler = type.map(byType::get).orElse(null);
    if (handler == null) {
      return Future.succeededFuture(Effects.NONE);
    }
    Span span = Tracing.start("handle " + event.type(), SpanKind.CONSUMER,
      () -> Cause.metadataField(event.metadata(), Tracing.TRACEPARENT));
    try {
      Cause cause = Cause.of(event, Tracing.traceParent(span));
      return Tracing.endWhenDone(span, handler.handle(language.decode(event.type(), event.payload()), cause));
    } catch (RuntimeException e) {
      Tracing.end(span, e);
      throw e;
    }
  }

  @Override
  public List<String> resetStatements() {
    return resetStatements;
  }

  public static final class Builder<E> {
    private final EventTypes<E> language;
    private final Map<Class<? extends E>, EventHandler<?>> declared = new LinkedHashMap<>();
    private final List<String> resetStatements = new ArrayList<>();

    private Builder(EventTypes<E> language) {
      this.language = language;
    }

    /** What to do with events of {@code type} (a record of the language, or a supertype of some). */
    public <T extends E> Builder<E> on(Class<T> type, EventHandler<? super T> handler) {
      if (declared.putIfAbsent(type, handler) != null) {
        throw new IllegalArgumentException("two handlers for " + type.getSimpleName());
      }
      return this;
    }

    /**
     * A read model's row for events of {@code type}: one write, no commands, computed from the event alone (a stream's
     * events so projected go into one transaction together).
     */
    public <T extends E> Builder<E> project(Class<T> type, BiFunction<? super T, Cause, SqlWrite> write) {
      return on(type, (event, cause) -> Future.succeededFuture(Effects.fromEventAlone(List.of(write.apply(event, cause)))));
    }

    /** Statements that empty what the handlers built (read models), run in the transaction of a replay. */
    public Builder<E> resetting(String... statements) {
      resetStatements.addAll(List.of(statements));
      return this;
    }

    public EventHandlers<E> build() {
      Map<Class<?>, EventHandler<? super E>> byType = new HashMap<>();
      List<Class<? extends E>> reached = new ArrayList<>();
      for (Class<? extends E> type : language.types()) {
        Optional<Class<? extends E>> handled = handlerOf(type);
        handled.ifPresent(h -> {
          byType.put(type, erased(declared.get(h)));
          reached.add(h);
        });
      }
      for (Class<? extends E> type : declared.keySet()) {
        if (!reached.contains(type)) {
          throw new IllegalArgumentException("no event of the language is a " + type.getSimpleName()
            + " that another handler does not take first: the handler would never run");
        }
      }
      return new EventHandlers<>(language, byType, resetStatements);
    }

    /** The handler's type for a record: its own, else the most specific supertype declared. */
    private Optional<Class<? extends E>> handlerOf(Class<? extends E> type) {
      List<Class<? extends E>> candidates = declared.keySet().stream().filter(h -> h.isAssignableFrom(type)).toList();
      List<Class<? extends E>> mostSpecific = candidates.stream()
        .filter(h -> candidates.stream().allMatch(other -> other.isAssignableFrom(h)))
        .toList();
      if (!candidates.isEmpty() && mostSpecific.isEmpty()) {
        throw new IllegalArgumentException(type.getSimpleName() + " is taken by several handlers: "
          + candidates.stream().map(Class::getSimpleName).sorted().toList() + "; declare one for it");
      }
      return mostSpecific.stream().findFirst();
    }

    /** Safe: a handler is stored only under a type it accepts, and called only with events of that type. */
    @SuppressWarnings("unchecked")
    private static <E> EventHandler<? super E> erased(EventHandler<?> handler) {
      return (EventHandler<? super E>) handler;
    }
  }
}
