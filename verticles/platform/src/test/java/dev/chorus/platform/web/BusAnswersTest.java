package dev.chorus.platform.web;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A handler that reads an event id from {@code {"id": ...}} and answers "read", or fails as {@code {"answer": ...}} asks:
 * with a problem, with an exception it throws, or with a failed future.
 */
class BusAnswersTest {

  private static final String ADDRESS = "chorus.test.answers";
  private static final String UNREADABLE = "the request to " + ADDRESS + " could not be read: ";

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  @DisplayName("a request that the reader can read is answered with what the answer made of it")
  void answersWhatTheReaderRead() {
    serve();
    Object reply = vertx.eventBus().request(ADDRESS, new JsonObject().put("id", UUID.randomUUID().toString())).await().body();
    assertThat(reply).isEqualTo("read");
  }

  @Test
  @DisplayName("a request the reader cannot read is failed at once with 400 and what was wrong, never left to time out")
  void failsWhatItCannotRead() {
    serve();
    assertFails("not an object", 400, UNREADABLE + "expected a JSON object, got a String");
    assertFails(null, 400, UNREADABLE + "expected a JSON object, got no body");
    assertFails(new JsonObject(), 400, "eventId: a UUID is required");
    assertFails(new JsonObject().put("id", "x"), 400, UNREADABLE + "'x' is not a UUID");
  }

  @Test
  @DisplayName("an answer that fails is failed with its problem's status, or 500, whether it throws or returns a failed future")
  void failsWhatItCannotAnswer() {
    serve();
    assertFails(answer("problem"), 404, "nothing here");
    assertFails(answer("throws"), 500, "a fault");
    assertFails(answer("fails"), 500, "a failure");
    assertFails(answer("null"), 500, "an answer");
  }

  private static JsonObject answer(String how) {
    return new JsonObject().put("id", UUID.randomUUID().toString()).put("answer", how);
  }

  private void serve() {
    vertx.eventBus().consumer(ADDRESS, BusAnswers.answering(body -> {
      JsonObject asked = BusAnswers.json(body);
      String id = asked.getString("id");
      if (id == null) {
        JsonInput.uuid("eventId", null);
      }
      try {
        UUID.fromString(id);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("'" + id + "' is not a UUID");
      }
      return asked.getString("answer", "read");
    }, how -> switch (how) {
      case "problem" -> throw new ProblemException(Problem.notFound("nothing here"));
      case "throws" -> throw new IllegalStateException("a fault");
      case "fails" -> Future.failedFuture("a failure");
      case "null" -> null;
      default -> Future.succeededFuture(how);
    })).completion().await();
  }

  private void assertFails(Object body, int status, String detail) {
    ReplyException failure = catchThrowableOfType(ReplyException.class, () -> vertx.eventBus()
      .request(ADDRESS, body, new DeliveryOptions().setSendTimeout(5_000)).await());
    assertThat(failure).as("the failure of " + body).isNotNull();
    assertThat(failure.failureType()).as(body + ": failed by the handler, not timed out").isEqualTo(ReplyFailure.RECIPIENT_FAILURE);
    assertThat(failure.failureCode()).as(body + ": status").isEqualTo(status);
    assertThat(failure.getMessage()).as(body + ": detail").isEqualTo(detail);
  }
}
