package dev.chorus.platform.web;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.Message;

import java.util.function.Function;

/**
 * Answers requests on the event bus, so that a request is never left to time out. A body of another type, or one that
 * the reader throws on, is failed with 400 and what was wrong; a failed answer with its {@link ProblemException}'s status,
 * or 500.
 */
public final class BusAnswers {

  private BusAnswers() {
  }

  /** A handler that replies with what {@code answer} makes of a body of {@code type}. */
  public static <T> Handler<Message<Object>> answering(Class<T> type, Function<T, Future<?>> answer) {
    return message -> read(message.body(), type, answer)
      .onSuccess(message::reply)
      .onFailure(failure -> message.fail(failure instanceof ProblemException problem ? problem.problem().status() : 500,
        failure.getMessage()));
  }

  private static <T> Future<?> read(Object body, Class<T> type, Function<T, Future<?>> answer) {
    if (!type.isInstance(body)) {
      return malformed("expected a " + type.getSimpleName() + ", got " + (body == null ? "no body" : "a " + body.getClass().getSimpleName()));
    }
    try {
      return answer.apply(type.cast(body));
    } catch (ProblemException e) {
      return Future.failedFuture(e);
    } catch (RuntimeException e) {
      return malformed("the request could not be read: " + e);
    }
  }

  private static Future<?> malformed(String detail) {
    return Future.failedFuture(new ProblemException(Problem.badRequest("malformed-request", detail)));
  }
}
