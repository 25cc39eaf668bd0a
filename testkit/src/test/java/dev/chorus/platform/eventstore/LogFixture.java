package dev.chorus.platform.eventstore;

import java.util.List;
import java.util.UUID;

/** Events and appends for the log's tests. */
final class LogFixture {

  static final String SCHEMA = "ledger";

  private LogFixture() {
  }

  static NewEvent event(String type) {
    return new NewEvent(UUID.randomUUID(), type, "{\"n\":1}", "{}");
  }

  static StreamAppend append(String stream, int expectedVersion, NewEvent... events) {
    return new StreamAppend(stream, expectedVersion, List.of(events));
  }
}
