package dev.chorus.platform.web;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.Map;

/**
 * An RFC 9457 problem: the body of every error answer. The {@code type} is stable, so that clients can branch on it.
 *
 * @param status     HTTP status
 * @param type       stable identifier, e.g. {@code invalid-field}
 * @param title      short human summary that does not vary between occurrences
 * @param detail     what is wrong with this request, in words a client developer can act on
 * @param extensions further members, e.g. {@code field}
 */
public record Problem(int status, String type, String title, String detail, Map<String, Object> extensions) {

  public static final String CONTENT_TYPE = "application/problem+json";
  private static final String TYPE_BASE = "https://chorus.dev/problems/";

  public Problem {
    extensions = Map.copyOf(extensions);
  }

  public Problem(int status, String type, String title, String detail) {
    this(status, type, title, detail, Map.of());
  }

  public static Problem badRequest(String type, String detail) {
    return new Problem(400, type, "Bad request", detail);
  }

  public static Problem invalidField(String field, String detail) {
    return new Problem(400, "invalid-field", "Invalid field", field + ": " + detail, Map.of("field", field));
  }

  public static Problem notFound(String detail) {
    return new Problem(404, "not-found", "Not found", detail);
  }

  /** No credentials, or credentials not accepted: the request may be repeated with a valid bearer token. */
  public static Problem unauthorized(String detail) {
    return new Problem(401, "unauthenticated", "Unauthenticated", detail);
  }

  /** Credentials accepted, but they do not allow this request. */
  public static Problem forbidden(String detail) {
    return new Problem(403, "forbidden", "Forbidden", detail);
  }

  public static Problem conflict(String type, String detail) {
    return new Problem(409, type, "Conflict", detail);
  }

  public static Problem unprocessable(String type, String detail) {
    return new Problem(422, type, "Unprocessable request", detail);
  }

  /**
   * Work shed at the edge ({@code 503 overloaded}, retry later); {@code shedBy} names the gate that shed it, so that a
   * client and an operator can tell an admission limit from a queue that is full.
   */
  public static Problem overloaded(String shedBy, String detail) {
    return new Problem(503, "overloaded", "Service unavailable", detail, Map.of("shedBy", shedBy));
  }

  public static Problem unavailable(String type, String detail) {
    return new Problem(503, type, "Service unavailable", detail);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject()
      .put("type", TYPE_BASE + type)
      .put("title", title)
      .put("status", status)
      .put("detail", detail);
    extensions.forEach(json::put);
    return json;
  }

  public Future<Void> send(RoutingContext rc) {
    return send(rc.response());
  }

  public Future<Void> send(HttpServerResponse response) {
    if (response.ended()) {
      return Future.succeededFuture(); // answered already, by its time limit: a request is answered once
    }
    if (response.headWritten()) {
      return response.end();
    }
    if (status == 401) {
      response.putHeader("WWW-Authenticate", "Bearer realm=\"chorus\"");
    }
    if (status == 503 && !response.headers().contains("Retry-After")) {
      response.putHeader("Retry-After", "1");
    }
    return response.setStatusCode(status)
      .putHeader("Content-Type", CONTENT_TYPE)
      .end(toJson().encode());
  }
}
