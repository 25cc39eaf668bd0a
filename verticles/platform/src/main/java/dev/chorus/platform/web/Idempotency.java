package dev.chorus.platform.web;

import dev.chorus.platform.access.Caller;
import dev.chorus.platform.command.CommandContext;
import dev.chorus.platform.trace.Tracing;
import dev.chorus.platform.command.CommandResult;
import dev.chorus.platform.command.RequestDigest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The {@code Idempotency-Key} of a command request. A key names one command of one route and one caller: the same
 * key on two routes, or from two callers, names two commands. Sent again with the same path and body, field order
 * and whitespace aside, it is a retry: the command runtime answers the first outcome and appends nothing. Sent with
 * another path or body, the runtime refuses it ({@code 422 idempotency-key-reused}).
 * <p>
 * The caller is the one the request's credentials name. On a node that trusts its machine ({@link Caller#LOCAL})
 * every request has the same caller, so the route alone is the scope. A request without credentials (an open route,
 * such as signing up) has no caller to scope by: its key is all that ties a retry to the first attempt, so it must be
 * unguessable — a random UUID (version 4 or 7) — or the request is refused (decision 0043).
 */
public final class Idempotency {

  private static final String KEY_HEADER = "Idempotency-Key";
  private static final String REPLAYED_HEADER = "Idempotent-Replayed";
  private static final Pattern SAFE_KEY = Pattern.compile("[\\x21-\\x7e]{1,255}");
  private static final Pattern RANDOM_UUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[47][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}");

  private Idempotency() {
  }

  /**
   * The context of the command a request carries: idempotent when it has a key, else a command done once.
   *
   * @param command the route's command, e.g. {@code inventory/restock}: with the caller, the key's scope
   * @param body    the request's body, as the route read it
   */
  public static CommandContext context(RoutingContext rc, String command, JsonInput body) {
    String key = rc.request().getHeader(KEY_HEADER);
    if (key == null) {
      return CommandContext.once(Conversation.of(rc)).tracedBy(Tracing.current());
    }
    if (!SAFE_KEY.matcher(key).matches()) {
      throw new ProblemException(Problem.badRequest("invalid-idempotency-key",
        "Idempotency-Key must be 1 to 255 visible ASCII characters"));
    }
    return CommandContext.idempotent(commandId(command, Caller.of(rc), key), fingerprint(rc.request().method().name(), rc.normalizedPath(), body.json()),
      Conversation.of(rc)).tracedBy(Tracing.current());
  }

  /** The id of the command {@code key} names on {@code command}'s route for {@code caller} (none: a request without credentials). */
  static UUID commandId(String command, Optional<Caller> caller, String key) {
    return UUID.nameUUIDFromBytes(scoped(command, caller, key).getBytes(StandardCharsets.UTF_8));
  }

  private static String scoped(String command, Optional<Caller> caller, String key) {
    if (caller.isEmpty()) {
      if (!RANDOM_UUID.matcher(key).matches()) {
        throw new ProblemException(Problem.badRequest("invalid-idempotency-key", "without a bearer token, an Idempotency-Key must be a random"
          + " UUID (version 4 or 7): it is all that ties a retry to its first attempt"));
      }
      return new JsonArray().add(command).add("anonymous").add(key).encode();
    }
    if (caller.get().equals(Caller.LOCAL)) {
      return command + "/" + key;
    }
    return new JsonArray().add(command).add(caller.get().role().name()).add(caller.get().subject()).add(key).encode();
  }

  /** Says on an accepted command's answer whether it replays an earlier one. */
  public static HttpServerResponse replayed(HttpServerResponse response, CommandResult.Accepted<?> accepted) {
    return response.putHeader(REPLAYED_HEADER, Boolean.toString(accepted.replayed()));
  }

  /** The digest of a request: its method, its path and its body with every object's fields in name order. */
  static String fingerprint(String method, String path, JsonObject body) {
    return RequestDigest.of(method + " " + path + "\n" + ((JsonObject) sorted(body)).encode());
  }

  private static Object sorted(Object value) {
    if (value instanceof JsonObject object) {
      JsonObject sorted = new JsonObject();
      new TreeSet<>(object.fieldNames()).forEach(name -> sorted.put(name, sorted(object.getValue(name))));
      return sorted;
    }
    if (value instanceof JsonArray array) {
      JsonArray sorted = new JsonArray();
      array.forEach(item -> sorted.add(sorted(item)));
      return sorted;
    }
    return value;
  }
}
