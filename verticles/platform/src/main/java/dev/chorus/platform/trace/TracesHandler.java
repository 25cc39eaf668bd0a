package dev.chorus.platform.trace;

import dev.chorus.platform.ops.ClusterDirectory;
import dev.chorus.platform.ops.ClusterMember;
import dev.chorus.platform.web.Conversation;
import dev.chorus.platform.web.Problem;
import dev.chorus.platform.web.ProblemException;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * {@code GET /ops/traces/{id}}: a conversation across the cluster — every event whose correlation id is {@code id} (a
 * UUID, or the 32 hex digits of a W3C trace id), from every context hosted anywhere, each context answering for its
 * own log; ordered causally, each with the time since the first. Given the id of an entity instead (an order's), the
 * conversation that began its stream.
 */
public final class TracesHandler implements Handler<RoutingContext> {

  private static final DeliveryOptions ASK = new DeliveryOptions().setSendTimeout(Duration.ofSeconds(5).toMillis());

  private final ClusterDirectory directory;

  public TracesHandler(ClusterDirectory directory) {
    this.directory = directory;
  }

  @Override
  public void handle(RoutingContext rc) {
    UUID id = Conversation.parse(rc.pathParam("id")).orElseThrow(() -> new ProblemException(Problem.invalidField("id",
      "must be a correlation id (a UUID, or a trace id of 32 hex digits) or an entity's id")));
    Vertx vertx = rc.vertx();
    directory.members()
      .map(TracesHandler::contexts)
      .compose(contexts -> ask(vertx, contexts, new JsonObject().put("correlationId", id.toString()))
        .compose(parts -> events(parts).isEmpty() ? startedBy(vertx, contexts, id) : Future.succeededFuture(new Found(id, parts))))
      .onSuccess(found -> rc.response().putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-store")
        .end(found.toJson().encode()))
      .onFailure(rc::fail);
  }

  /** The conversation that began the streams named after {@code entity}, when the id is not a conversation's. */
  private static Future<Found> startedBy(Vertx vertx, Set<String> contexts, UUID entity) {
    return ask(vertx, contexts, new JsonObject().put("streamSuffix", entity.toString())).compose(parts -> {
      TreeSet<String> correlations = new TreeSet<>();
      parts.forEach(part -> part.answer().getJsonArray("correlationIds", new JsonArray()).forEach(c -> correlations.add((String) c)));
      if (correlations.isEmpty()) {
        return Future.succeededFuture(new Found(entity, parts));
      }
      UUID correlation = UUID.fromString(correlations.first());
      return ask(vertx, contexts, new JsonObject().put("correlationId", correlation.toString())).map(found -> new Found(correlation, found));
    });
  }

  private static Set<String> contexts(List<ClusterMember> members) {
    Set<String> contexts = new TreeSet<>();
    members.forEach(member -> contexts.addAll(member.contexts()));
    return contexts;
  }

  /** Every context's answer; one that does not answer in time is named, not waited for. */
  private static Future<List<Part>> ask(Vertx vertx, Set<String> contexts, JsonObject question) {
    List<Future<Part>> parts = contexts.stream().map(context -> vertx.eventBus().<JsonObject>request(TraceService.address(context), question, ASK)
      .map(reply -> new Part(context, reply.body()))
      .otherwise(failure -> new Part(context, null))).toList();
    return Future.all(parts).map(all -> parts.stream().map(Future::result).toList());
  }

  private static List<JsonObject> events(List<Part> parts) {
    List<JsonObject> events = new ArrayList<>();
    parts.stream().filter(part -> part.answer() != null)
      .forEach(part -> part.answer().getJsonArray("events", new JsonArray()).forEach(e -> events.add((JsonObject) e)));
    return events;
  }

  /** A context's answer; {@code null} when it gave none. */
  private record Part(String context, JsonObject answer) {
  }

  private record Found(UUID correlationId, List<Part> parts) {

    JsonObject toJson() {
      List<JsonObject> ordered = causalOrder(events(parts));
      Instant first = ordered.isEmpty() ? null : Instant.parse(ordered.get(0).getString("recordedAt"));
      JsonArray events = new JsonArray();
      ordered.forEach(event -> events.add(event.copy()
        .put("sinceFirstMs", Duration.between(first, Instant.parse(event.getString("recordedAt"))).toNanos() / 1e6)));
      JsonArray unanswered = new JsonArray();
      parts.stream().filter(part -> part.answer() == null).forEach(part -> unanswered.add(part.context()));
      return new JsonObject().put("correlationId", correlationId.toString()).put("events", events).put("unanswered", unanswered);
    }
  }

  /**
   * Causes before their effects (an event whose cause is in the conversation comes after it), otherwise by the time
   * recorded: the logs' clocks are one database's, but an effect recorded in the same millisecond as its cause, or a
   * cause read late, must not come first.
   */
  static List<JsonObject> causalOrder(List<JsonObject> events) {
    List<JsonObject> pending = new ArrayList<>(events);
    pending.sort(Comparator.comparing((JsonObject e) -> Instant.parse(e.getString("recordedAt"))).thenComparing(e -> e.getString("eventId")));
    Set<String> ids = new HashSet<>();
    pending.forEach(e -> ids.add(e.getString("eventId")));
    Set<String> placed = new HashSet<>();
    List<JsonObject> ordered = new ArrayList<>();
    while (!pending.isEmpty()) {
      JsonObject next = pending.stream()
        .filter(e -> e.getString("causationId") == null || !ids.contains(e.getString("causationId")) || placed.contains(e.getString("causationId")))
        .findFirst().orElse(pending.get(0));
      pending.remove(next);
      placed.add(next.getString("eventId"));
      ordered.add(next);
    }
    return ordered;
  }
}
