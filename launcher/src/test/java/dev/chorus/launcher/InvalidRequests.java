package dev.chorus.launcher;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Generates requests to the write endpoints that are each wrong in one way a node must refuse: a field of the
 * wrong type, missing, out of range or overflowing, text with control characters or broken Unicode, an unknown
 * field, broken JSON or UTF-8, a body that is no object, a bad path id, a bad or reused {@code Idempotency-Key},
 * credentials the node must refuse. Every request is made from a new valid template, so that the one thing wrong is
 * the reason it is refused; some carry malformed headers the node reads without refusing them, beside their fault.
 */
final class InvalidRequests {

  /** What a field holds, and so how it can be wrong. */
  sealed interface Field {
    boolean required();
  }

  record Text(boolean required, int maxLength) implements Field {
  }

  record Id(boolean required) implements Field {
  }

  record Whole(boolean required, long min, long max) implements Field {
  }

  record Lines(boolean required, int maxItems, Map<String, Field> item) implements Field {
  }

  /**
   * A write endpoint and the bodies it accepts.
   *
   * @param template  a body it accepts, new each time (a new e-mail address, a new sku), so that a request wrong in one
   *                  way is refused for that way, not because its template was taken already
   * @param reusedKey an {@code Idempotency-Key} a valid request to it carried already, with another body
   * @param badPaths  paths to the same route whose id is malformed (none when the path has no id)
   */
  record Endpoint(String path, Supplier<JsonObject> template, Map<String, Field> fields, String reusedKey, List<String> badPaths) {
  }

  /**
   * What a request may carry in its headers: the credentials every request shows unless it is wrong in them, and
   * credentials the node must refuse (malformed, forged, expired, with a malformed claim).
   */
  record Credentials(String valid, List<String> refused) {
  }

  /** One generated request: the route, how it is wrong (a category, and which field), and what is sent. */
  record Request(String path, String kind, String field, String contentType, Map<String, String> headers, byte[] body) {
    String describe() {
      return kind + (field.isEmpty() ? "" : " (" + field + ")") + " → POST " + path + " " + headers + " "
        + new String(body, StandardCharsets.UTF_8);
    }
  }

  /** Stand-ins for an unpaired surrogate, written into the JSON text as its escape (a Java string cannot carry one to UTF-8). */
  private static final String LONE_HIGH = "@@lone-high-surrogate@@";
  private static final String LONE_LOW = "@@lone-low-surrogate@@";
  private static final Object[] WRONG_TYPES = {"5", 1.5, true, new JsonArray().add(1), new JsonObject().put("a", 1)};
  private static final String[] GARBAGE = {"x", "}", "]", ",", "{", "\"", "nul"};
  private static final byte[][] BROKEN_UTF8 = {{(byte) 0xFF}, {(byte) 0xC3, 0x28}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
    {(byte) 0xE2, (byte) 0x82}, {(byte) 0xC0, (byte) 0xAF}};

  private final List<Endpoint> endpoints;
  private final Credentials credentials;
  private final Random random;

  InvalidRequests(List<Endpoint> endpoints, Credentials credentials, long seed) {
    this.endpoints = endpoints;
    this.credentials = credentials;
    this.random = new Random(seed);
  }

  Request next() {
    Endpoint endpoint = endpoints.get(random.nextInt(endpoints.size()));
    JsonObject valid = endpoint.template().get();
    Map<String, String> signedIn = Map.of("Authorization", credentials.valid());
    return switch (random.nextInt(14)) {
      case 0, 1, 2 -> wrongField(endpoint, valid);
      case 3 -> json(endpoint, "unknown field", "", unknownField(valid));
      case 4 -> new Request(endpoint.path(), "truncated JSON", "", "application/json", signedIn, truncated(valid.encode()));
      case 5 -> new Request(endpoint.path(), "trailing garbage", "", "application/json", signedIn,
        (valid.encode() + pick(GARBAGE)).getBytes(StandardCharsets.UTF_8));
      case 6 -> new Request(endpoint.path(), "broken UTF-8", "", "application/json", signedIn, brokenUtf8(valid));
      case 7 -> new Request(endpoint.path(), "not an object", "", "application/json", signedIn,
        pick(new String[] {"[]", "[" + valid.encode() + "]", "42", "\"text\"", "null", "true", ""}).getBytes(StandardCharsets.UTF_8));
      case 8 -> new Request(endpoint.path(), "raw control character", "", "application/json", signedIn, rawControl(valid));
      case 9 -> endpoint.badPaths().isEmpty() ? wrongField(endpoint, valid)
        : new Request(pick(endpoint.badPaths().toArray(String[]::new)), "malformed id in path", "", "application/json", signedIn, bytes(valid));
      case 10 -> random.nextBoolean()
        ? new Request(endpoint.path(), "reused idempotency key", "", "application/json", with(signedIn, "Idempotency-Key", endpoint.reusedKey()), bytes(valid))
        : new Request(endpoint.path(), "malformed idempotency key", "", "application/json", with(signedIn, "Idempotency-Key", badKey()), bytes(valid));
      case 11 -> new Request(endpoint.path(), "refused credentials", "", "application/json",
        Map.of("Authorization", pick(credentials.refused().toArray(String[]::new))), bytes(valid));
      case 12 -> noisyHeaders(endpoint, valid, signedIn);
      default -> new Request(endpoint.path(), "not JSON content", "", pick(new String[] {"text/plain", "application/xml"}), signedIn, bytes(valid));
    };
  }

  /**
   * A body wrong in one field, sent with headers the node reads but does not refuse for their content (a malformed
   * {@code traceparent} starts a new trace; an unknown preference is ignored): they must not turn a refusal into a fault.
   */
  private Request noisyHeaders(Endpoint endpoint, JsonObject valid, Map<String, String> signedIn) {
    Request wrong = wrongField(endpoint, valid);
    Map<String, String> headers = new HashMap<>(signedIn);
    headers.put("traceparent", pick(HeaderNoise.TRACEPARENTS));
    headers.put("Prefer", pick(HeaderNoise.PREFERS));
    return new Request(wrong.path(), wrong.kind() + ", noisy headers", wrong.field(), wrong.contentType(), headers, wrong.body());
  }

  private Request wrongField(Endpoint endpoint, JsonObject valid) {
    List<String> names = new ArrayList<>(endpoint.fields().keySet());
    String name = names.get(random.nextInt(names.size()));
    Field field = endpoint.fields().get(name);
    JsonObject body = valid.copy();
    if (field instanceof Lines lines && random.nextBoolean()) {
      return wrongLine(endpoint, body, name, lines);
    }
    return json(endpoint, wrong(body, name, field), name, body);
  }

  /** Makes {@code body.name} wrong for what it holds; says how, in a word or two. */
  private String wrong(JsonObject body, String name, Field field) {
    int choice = random.nextInt(field.required() ? 4 : 3);
    if (choice == 3) {
      body.remove(name);
      return "missing field";
    }
    if (choice == 0) {
      Object wrongType = field instanceof Text || field instanceof Id ? pick(new Object[] {5, 1.5, true, new JsonArray(), new JsonObject()})
        : pick(WRONG_TYPES);
      body.put(name, wrongType);
      return "wrong type";
    }
    if (field instanceof Whole whole) {
      Object value = pick(new Object[] {whole.min() - 1, whole.max() + 1, Long.MAX_VALUE, Long.MIN_VALUE, 1e30, -0.0, 2.5});
      body.put(name, value);
      return "number out of range";
    }
    if (field instanceof Text text) {
      String valid = body.getString(name);
      if (choice == 1) {
        body.put(name, insert(valid, String.valueOf(controlCharacter())));
        return "control character";
      }
      if (random.nextBoolean()) {
        body.put(name, insert(valid, random.nextBoolean() ? LONE_HIGH : LONE_LOW));
        return "unpaired surrogate";
      }
      body.put(name, valid + "x".repeat(text.maxLength()));
      return "too long";
    }
    if (field instanceof Id) {
      body.put(name, pick(new String[] {"not-a-uuid", "", "123", "00000000-0000-0000-0000-00000000000g", insert(body.getString(name), "\u0000")}));
      return "not a UUID";
    }
    Lines lines = (Lines) field;
    JsonArray array = new JsonArray();
    if (random.nextBoolean()) {
      for (int i = 0; i <= lines.maxItems(); i++) {
        array.add(body.getJsonArray(name).getJsonObject(0).copy());
      }
    } else if (random.nextBoolean()) {
      array.add("not an object");
    }
    body.put(name, array);
    return "bad array";
  }

  private Request wrongLine(Endpoint endpoint, JsonObject body, String name, Lines lines) {
    JsonArray array = body.getJsonArray(name);
    JsonObject line = array.getJsonObject(0);
    List<String> names = new ArrayList<>(lines.item().keySet());
    String field = names.get(random.nextInt(names.size()));
    JsonObject validLine = line.copy();
    String how = wrong(line, field, lines.item().get(field));
    if (random.nextBoolean()) {
      array.add(validLine);
    }
    return json(endpoint, how, name + "[0]." + field, body);
  }

  private JsonObject unknownField(JsonObject valid) {
    JsonObject body = valid.copy();
    String name = pick(new String[] {"id", "extra", "balance", "Amount", "__proto__", "status", "\u0000"});
    body.put(name, random.nextBoolean() ? "x" : 1);
    return body;
  }

  private byte[] truncated(String json) {
    return json.substring(0, random.nextInt(json.length())).getBytes(StandardCharsets.UTF_8);
  }

  private byte[] brokenUtf8(JsonObject valid) {
    String json = valid.encode();
    int quote = json.indexOf("\":\"");
    int at = quote < 0 ? 1 : quote + 3;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] head = json.substring(0, at).getBytes(StandardCharsets.UTF_8);
    out.write(head, 0, head.length);
    byte[] broken = BROKEN_UTF8[random.nextInt(BROKEN_UTF8.length)];
    out.write(broken, 0, broken.length);
    byte[] tail = json.substring(at).getBytes(StandardCharsets.UTF_8);
    out.write(tail, 0, tail.length);
    return out.toByteArray();
  }

  /**
   * A control character written into the JSON text as it is, unescaped: into a string where the body has one,
   * else between tokens — there not a tab, line feed or carriage return, which JSON allows as white space.
   */
  private byte[] rawControl(JsonObject valid) {
    String json = valid.encode();
    int quote = json.indexOf("\":\"");
    int at = quote < 0 ? 1 : quote + 3;
    char control = controlCharacter();
    while (quote < 0 && (control == '\t' || control == '\n' || control == '\r')) {
      control = controlCharacter();
    }
    return (json.substring(0, at) + control + json.substring(at)).getBytes(StandardCharsets.UTF_8);
  }

  private char controlCharacter() {
    int pick = random.nextInt(34);
    return (char) (pick < 32 ? pick : pick == 32 ? 0x7F : 0x80 + random.nextInt(32));
  }

  private String badKey() {
    return pick(new String[] {"x".repeat(256), "key with space", "clé"});
  }

  private Request json(Endpoint endpoint, String kind, String field, JsonObject body) {
    return new Request(endpoint.path(), kind, field, "application/json", Map.of("Authorization", credentials.valid()), bytes(body));
  }

  private static Map<String, String> with(Map<String, String> headers, String name, String value) {
    Map<String, String> more = new HashMap<>(headers);
    more.put(name, value);
    return more;
  }

  private static byte[] bytes(JsonObject body) {
    return body.encode().replace(LONE_HIGH, "\\ud83d").replace(LONE_LOW, "\\udc00").getBytes(StandardCharsets.UTF_8);
  }

  private String insert(String text, String inserted) {
    int at = random.nextInt(text.length() + 1);
    return text.substring(0, at) + inserted + text.substring(at);
  }

  private <T> T pick(T[] choices) {
    return choices[random.nextInt(choices.length)];
  }
}
