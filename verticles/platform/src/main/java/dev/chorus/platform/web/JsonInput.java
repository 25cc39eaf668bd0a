package dev.chorus.platform.web;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Reads a JSON request body into typed values, failing with a problem that names the field at the first
 * thing wrong. Unknown fields are refused: a misspelt optional field must not be silently dropped.
 */
public final class JsonInput {

  private final JsonObject json;

  private JsonInput(JsonObject json) {
    this.json = json;
  }

  /** The body as a JSON object with only the given fields. */
  public static JsonInput of(RoutingContext rc, Set<String> allowedFields) {
    JsonObject json;
    try {
      Object value = rc.body().asJsonObject();
      json = (JsonObject) value;
    } catch (DecodeException | ClassCastException e) {
      throw new ProblemException(Problem.badRequest("invalid-json", "the body is not a JSON object"));
    }
    if (json == null) {
      throw new ProblemException(Problem.badRequest("invalid-json", "the body is empty; send a JSON object"));
    }
    for (String field : json.fieldNames()) {
      if (!allowedFields.contains(field)) {
        throw new ProblemException(Problem.invalidField(field, "unknown field (known: " + String.join(", ", allowedFields.stream().sorted().toList()) + ")"));
      }
    }
    return new JsonInput(json);
  }

  public String requiredString(String field) {
    Object value = json.getValue(field);
    if (value == null) {
      throw new ProblemException(Problem.invalidField(field, "is required"));
    }
    if (!(value instanceof String text)) {
      throw new ProblemException(Problem.invalidField(field, "must be a string"));
    }
    return text;
  }

  /** A whole number of at least {@code minimum}. */
  public long requiredLong(String field, long minimum) {
    Object value = json.getValue(field);
    if (value == null) {
      throw new ProblemException(Problem.invalidField(field, "is required"));
    }
    if (!(value instanceof Integer || value instanceof Long)) {
      throw new ProblemException(Problem.invalidField(field, "must be a whole number"));
    }
    long number = ((Number) value).longValue();
    if (number < minimum) {
      throw new ProblemException(Problem.invalidField(field, "must be at least " + minimum));
    }
    return number;
  }

  public String optionalString(String field) {
    Object value = json.getValue(field);
    if (value != null && !(value instanceof String)) {
      throw new ProblemException(Problem.invalidField(field, "must be a string"));
    }
    return (String) value;
  }

  /** The field as an array of JSON objects, required and not empty. */
  public List<JsonInput> requiredObjects(String field, Set<String> allowedFields) {
    Object value = json.getValue(field);
    if (!(value instanceof JsonArray array) || array.isEmpty()) {
      throw new ProblemException(Problem.invalidField(field, "must be a non-empty array"));
    }
    List<JsonInput> items = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      if (!(array.getValue(i) instanceof JsonObject item)) {
        throw new ProblemException(Problem.invalidField(field + "[" + i + "]", "must be an object"));
      }
      for (String name : item.fieldNames()) {
        if (!allowedFields.contains(name)) {
          throw new ProblemException(Problem.invalidField(field + "[" + i + "]." + name, "unknown field"));
        }
      }
      items.add(new JsonInput(item));
    }
    return items;
  }

  public UUID optionalUuid(String field) {
    Object value = json.getValue(field);
    if (value == null) {
      return null;
    }
    if (!(value instanceof String text)) {
      throw new ProblemException(Problem.invalidField(field, "must be a UUID string"));
    }
    return uuid(field, text);
  }

  public static UUID uuid(String field, String text) {
    try {
      UUID id = UUID.fromString(text);
      if (!id.toString().equalsIgnoreCase(text)) {
        throw new IllegalArgumentException(text);
      }
      return id;
    } catch (IllegalArgumentException e) {
      throw new ProblemException(Problem.invalidField(field, "'" + text + "' is not a UUID"));
    }
  }

  /** The body as read. */
  JsonObject json() {
    return json;
  }
}
