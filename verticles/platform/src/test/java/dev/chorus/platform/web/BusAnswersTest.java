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

class BusAnswersTest {

  private static final String ADDRESS = "chorus.test.answers";

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  @DisplayName("a request that the reader can read is answered with what it made of it")
  void answersWhatTheReaderMakes() {
    serve();
    Object reply = vertx.eventBus().request(ADDRESS, new JsonObject().put("id", UUID.randomUUID().toString())).await().body();
    assertThat(reply).isEqualTo("read");
  }

  @Test
  @DisplayName("a body of another type, one the reader throws on, and a failed answer are failed at once with their status, never left to time out")
  void failsWhatItCannotAnswer() {
    serve();
    assertFails("not an object", 400, "expected a JsonObject, got a String");
    assertFails(null, 400, "expected a JsonObject, got no body");
    assertFails(new JsonObject(), 400, "eventId");
    assertFails(new JsonObject().put("id", "x"), 400, "IllegalArgumentException");
    assertFails(new JsonObject().put("missing", true), 404, "nothing here");
  }

  private void serve() {
    vertx.eventBus().consumer(ADDRESS, BusAnswers.answering(JsonObject.class, asked -> {
      if (asked.containsKey("missing")) {
        return Future.failedFuture(new ProblemException(Problem.notFound("nothing here")));
      }
      String id = asked.getString("id");
      if (id == null) {
        JsonInput.uuid("eventId", null);
      }
      UUID.fromString(id);
      return Future.succeededFuture("read");
    })).completion().await();
  }

  private void assertFails(Object body, int status, String detail) {
    ReplyException failure = catchThrowableOfType(ReplyException.class, () -> vertx.eventBus()
      .request(ADDRESS, body, new DeliveryOptions().setSendTimeout(5_000)).await());
    assertThat(failure).as("the failure of " + body).isNotNull();
    assertThat(failure.failureType()).as(body + ": failed by the handler, not timed out").isEqualTo(ReplyFailure.RECIPIENT_FAILURE);
    assertThat(failure.failureCode()).as(body + ": status").isEqualTo(status);
    assertThat(failure.getMessage()).as(body + ": detail").contains(detail);
  }
}
