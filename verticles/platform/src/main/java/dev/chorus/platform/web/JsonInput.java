package dev.chorus.platform.web;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Reads a JSON request body into typed values, failing with a problem that names the field at the first
 * thing wrong. Unknown fields are refused: a misspelt optional field must not be silently dropped. Numbers are
 * whole and within the bounds the caller names; text holds no control characters and no broken UTF-16, so
 * nothing a client sends can fail later, in the database or in a consumer.
 */
public final class JsonInput {

  private final JsonObject json;
  /** Where this object sits in the body, as a prefix of its fields' names: {@code ""} or {@code "lines[2]."}. */
  private final String path;

  private JsonInput(JsonObject json, String path) {
    this.json = json;
    this.path = path;
  }

  /** The body as a JSON object with only the given fields. */
  public static JsonInput of(RoutingContext rc, Set<String> allowedFields) {
    Buffer body = rc.body().buffer();
    if (body == null || body.length() == 0) {
      throw new ProblemException(Problem.badRequest("invalid-json", "the body is empty; send a JSON object"));
    }
    if (!validUtf8(body)) {
      throw new ProblemException(Problem.badRequest("invalid-json", "the body is not valid UTF-8"));
    }
    JsonObject json;
    try {
      json = (JsonObject) Json.decodeValue(body);
    } catch (DecodeException | ClassCastException e) {
      throw new ProblemException(Problem.badRequest("invalid-json", "the body is not a JSON object"));
    }
    if (json == null) {
      throw new ProblemException(Problem.badRequest("invalid-json", "the body is not a JSON object"));
    }
    return new JsonInput(json, "").known(allowedFields);
  }

  private JsonInput known(Set<String> allowedFields) {
    for (String field : json.fieldNames()) {
      if (!allowedFields.contains(field)) {
        throw invalid(field, "unknown field (known: " + String.join(", ", allowedFields.stream().sorted().toList()) + ")");
      }
    }
    return this;
  }

  public String requiredString(String field) {
    Object value = json.getValue(field);
    if (value == null) {
      throw invalid(field, "is required");
    }
    return text(field, value);
  }

  public String optionalString(String field) {
    Object value = json.getValue(field);
    return value == null ? null : text(field, value);
  }

  private String text(String field, Object value) {
    if (!(value instanceof String text)) {
      throw invalid(field, "must be a string");
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c)) {
        throw invalid(field, String.format("must not contain control characters (U+%04X at %d)", (int) c, i));
      }
      if (Character.isSurrogate(c)) {
        boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
        if (!paired) {
          throw invalid(field, "must be valid Unicode (an unpaired surrogate at " + i + ")");
        }
        i++;
      }
    }
    return text;
  }

  /** A whole number from {@code minimum} to {@code maximum}. */
  public long requiredLong(String field, long minimum, long maximum) {
    Object value = json.getValue(field);
    if (value == null) {
      throw invalid(field, "is required");
    }
    if (!(value instanceof Integer || value instanceof Long) || ((Number) value).longValue() < minimum || ((Number) value).longValue() > maximum) {
      throw invalid(field, "must be a whole number from " + minimum + " to " + maximum);
    }
    return ((Number) value).longValue();
  }

  /** The field as an array of 1 to {@code maximum} JSON objects, each with only the given fields. */
  public List<JsonInput> requiredObjects(String field, Set<String> allowedFields, int maximum) {
    Object value = json.getValue(field);
    if (!(value instanceof JsonArray array) || array.isEmpty() || array.size() > maximum) {
      throw invalid(field, "must be an array of 1 to " + maximum + " objects");
    }
    List<JsonInput> items = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      String item = field + "[" + i + "]";
      if (!(array.getValue(i) instanceof JsonObject object)) {
        throw invalid(item, "must be an object");
      }
      items.add(new JsonInput(object, path + item + ".").known(allowedFields));
    }
    return items;
  }

  public UUID optionalUuid(String field) {
    Object value = json.getValue(field);
    if (value == null) {
      return null;
    }
    if (!(value instanceof String text)) {
      throw invalid(field, "must be a UUID string");
    }
    return uuid(path + field, text);
  }

  /** The problem for a field of this object, named by its full path in the body. */
  public ProblemException invalid(String field, String detail) {
    return new ProblemException(Problem.invalidField(path + field, detail));
  }

  public static UUID uuid(String field, String text) {
    if (text == null) {
      throw new ProblemException(Problem.invalidField(field, "a UUID is required"));
    }
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

  private static boolean validUtf8(Buffer body) {
    try {
      StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(body.getBytes()));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  /** The body as read. */
  JsonObject json() {
    return json;
  }
}
