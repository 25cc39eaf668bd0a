package dev.chorus.platform.web;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;
import java.util.function.Function;

/**
 * Answers requests on the event bus, so that a request is never left to time out. A request its reader cannot read is
 * failed with 400 and what was wrong with it; an answer that fails with a {@link ProblemException}, with that problem's
 * status; any other failure with 500, and an answer that throws is logged.
 */
public final class BusAnswers {

  private static final Logger log = LoggerFactory.getLogger(BusAnswers.class);

  private BusAnswers() {
  }

  /** A handler that replies with what {@code answer} makes of what {@code reader} read from the request's body. */
  public static <R> Handler<Message<Object>> answering(Function<Object, R> reader, Function<R, Future<?>> answer) {
    return message -> answer(message, reader, answer)
      .onSuccess(message::reply)
      .onFailure(failure -> message.fail(failure instanceof ProblemException problem ? problem.problem().status() : 500,
        failure.getMessage()));
  }

  /** A body that is a JSON object; anything else is a request that cannot be read. */
  public static JsonObject json(Object body) {
    if (body instanceof JsonObject json) {
      return json;
    }
    throw new IllegalArgumentException("expected a JSON object, got " + (body == null ? "no body" : "a " + body.getClass().getSimpleName()));
  }

  private static <R> Future<?> answer(Message<Object> message, Function<Object, R> reader, Function<R, Future<?>> answer) {
    R request;
    try {
      request = reader.apply(message.body());
    } catch (ProblemException e) {
      return Future.failedFuture(e);
    } catch (RuntimeException e) {
      return Future.failedFuture(new ProblemException(Problem.badRequest("malformed-request",
        "the request to " + message.address() + " could not be read: " + e.getMessage())));
    }
    try {
      return Objects.requireNonNull(answer.apply(request), "an answer");
    } catch (ProblemException e) {
      return Future.failedFuture(e);
    } catch (RuntimeException e) {
      log.error("answering a request to {} failed", message.address(), e);
      return Future.failedFuture(e);
    }
  }
}
