package dev.chorus.platform.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The event types of one aggregate (or one published language): each Java record under its stable stored
 * name, such as {@code customers.CustomerRegistered.v1} — never its class name, so that classes can be
 * renamed and moved. Upcasters turn an old version's JSON into the next version's on read, so that
 * code only ever sees the latest records.
 *
 * @param <E> the events' common type
 */
public final class EventTypes<E> {

  private final Map<String, Class<? extends E>> byName;
  private final Map<Class<?>, String> byClass;
  private final Map<String, Upcaster> upcasters;

  private EventTypes(Map<String, Class<? extends E>> byName, Map<String, Upcaster> upcasters) {
    this.byName = Map.copyOf(byName);
    this.upcasters = Map.copyOf(upcasters);
    Map<Class<?>, String> reverse = new HashMap<>();
    byName.forEach((name, type) -> reverse.put(type, name));
    this.byClass = Map.copyOf(reverse);
  }

  public static <E> Builder<E> builder() {
    return new Builder<>();
  }

  /** The stored name of an event's type. */
  public String nameOf(E event) {
    String name = byClass.get(event.getClass());
    if (name == null) {
      throw new IllegalArgumentException("no stored name registered for " + event.getClass().getName());
    }
    return name;
  }

  /** Whether a stored type (or an older version that upcasts to one) is known. */
  public boolean knows(String storedType) {
    return typeOf(storedType).isPresent();
  }

  /** The record a stored type is read as (after upcasting an older version), if the type is known. */
  public Optional<Class<? extends E>> typeOf(String storedType) {
    String type = storedType;
    while (upcasters.containsKey(type)) {
      type = upcasters.get(type).toType();
    }
    return Optional.ofNullable(byName.get(type));
  }

  public Set<String> names() {
    return byName.keySet();
  }

  /** The records of every type registered. */
  public Set<Class<? extends E>> types() {
    return Set.copyOf(byName.values());
  }

  public String encode(E event) {
    nameOf(event);
    try {
      return Json.mapper().writeValueAsString(event);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot encode " + event.getClass().getSimpleName(), e);
    }
  }

  /** Reads a stored event, upcasting it to the latest version of its type first. */
  public E decode(String storedType, String json) {
    try {
      String type = storedType;
      if (upcasters.containsKey(type)) {
        ObjectNode node = (ObjectNode) Json.mapper().readTree(json);
        while (upcasters.containsKey(type)) {
          Upcaster upcaster = upcasters.get(type);
          node = upcaster.transform().apply(node);
          type = upcaster.toType();
        }
        return Json.mapper().treeToValue(node, typeNamed(type, storedType));
      }
      return Json.mapper().readValue(json, typeNamed(type, storedType));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot decode a " + storedType + ": " + e.getOriginalMessage(), e);
    }
  }

  private Class<? extends E> typeNamed(String type, String storedType) {
    Class<? extends E> target = byName.get(type);
    if (target == null) {
      throw new IllegalArgumentException("unknown event type " + storedType);
    }
    return target;
  }

  private record Upcaster(String toType, UnaryOperator<ObjectNode> transform) {
  }

  public static final class Builder<E> {
    private final Map<String, Class<? extends E>> byName = new HashMap<>();
    private final Map<String, Upcaster> upcasters = new HashMap<>();

    public Builder<E> add(String storedName, Class<? extends E> type) {
      if (byName.containsKey(storedName) || byName.containsValue(type)) {
        throw new IllegalArgumentException("registered twice: " + storedName + " / " + type.getName());
      }
      byName.put(Objects.requireNonNull(storedName), Objects.requireNonNull(type));
      return this;
    }

    /** Every stored name → type of a published language, e.g. {@code OrderEvent.TYPES} from the contracts. */
    public Builder<E> addAll(Map<String, ? extends Class<? extends E>> types) {
      types.forEach(this::add);
      return this;
    }

    /** Reads {@code fromType} as {@code toType} (the next version), with {@code transform} applied to its JSON. */
    public Builder<E> upcast(String fromType, String toType, UnaryOperator<ObjectNode> transform) {
      if (upcasters.containsKey(fromType)) {
        throw new IllegalArgumentException("two upcasters from " + fromType);
      }
      upcasters.put(fromType, new Upcaster(toType, transform));
      return this;
    }

    public EventTypes<E> build() {
      return new EventTypes<>(byName, upcasters);
    }
  }
}
