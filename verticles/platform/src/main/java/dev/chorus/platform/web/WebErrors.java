package dev.chorus.platform.web;

import dev.chorus.platform.command.CommandFailure;
import dev.chorus.platform.db.DatabaseFaults;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Every error a node answers is a problem+json document. Bad input is a 4xx that writes nothing; a database
 * that cannot be reached or is restarting is a 503 (retry with the same Idempotency-Key); only a fault of the
 * node itself is a 500, and it is logged.
 */
public final class WebErrors {

  private static final Logger log = LoggerFactory.getLogger(WebErrors.class);

  private WebErrors() {
  }

  public static void install(Router router) {
    router.errorHandler(400, rc -> answer(rc, Problem.badRequest("bad-request", "the request could not be read")));
    router.errorHandler(404, rc -> answer(rc, Problem.notFound("no resource at " + rc.request().path())));
    router.errorHandler(405, rc -> answer(rc, new Problem(405, "method-not-allowed", "Method not allowed",
      rc.request().method() + " is not allowed on " + rc.request().path())));
    router.errorHandler(413, rc -> answer(rc, new Problem(413, "body-too-large", "Payload too large",
      "the request body is larger than this resource accepts")));
    router.errorHandler(415, rc -> answer(rc, new Problem(415, "unsupported-media-type", "Unsupported media type",
      "send the body as application/json")));
    router.errorHandler(500, WebErrors::internal);
    router.errorHandler(503, rc -> answer(rc, Problem.unavailable("unavailable", "this node cannot serve the request now; retry shortly")));
  }

  private static void internal(RoutingContext rc) {
    Throwable failure = rc.failure();
    if (failure instanceof ProblemException problem) {
      problem.problem().send(rc);
    } else if (failure instanceof CommandFailure command) {
      commandFailure(command).send(rc);
    } else if (DatabaseFaults.unavailable(failure)) {
      Problem.unavailable("database-unavailable", "the database cannot be reached now; retry shortly (with the same Idempotency-Key)").send(rc);
    } else if (failure instanceof HttpException http) {
      answer(rc, new Problem(http.getStatusCode(), "http-" + http.getStatusCode(), "Error", String.valueOf(http.getPayload())));
    } else {
      try (MDC.MDCCloseable ignored = MDC.putCloseable("correlationId", Conversation.of(rc).toString())) {
        log.error("{} {} failed", rc.request().method(), rc.request().path(), failure);
      }
      new Problem(500, "internal-error", "Internal error", "the request failed on this node; it is logged").send(rc);
    }
  }

  /** Commands that could not be carried out: all are worth retrying later (with the same Idempotency-Key). */
  static Problem commandFailure(CommandFailure failure) {
    return switch (failure.reason()) {
      case OVERLOADED -> Problem.overloaded("commands-waiting", "too many commands are waiting on this node; retry shortly");
      case CONTENDED -> Problem.unavailable("contended", failure.getMessage() + "; retry shortly");
      case DATABASE -> Problem.unavailable("database-unavailable",
        "the database did not complete the command; retry with the same Idempotency-Key to be safe");
    };
  }

  private static void answer(RoutingContext rc, Problem problem) {
    if (rc.failure() instanceof ProblemException explicit) {
      explicit.problem().send(rc);
    } else {
      problem.send(rc);
    }
  }
}
