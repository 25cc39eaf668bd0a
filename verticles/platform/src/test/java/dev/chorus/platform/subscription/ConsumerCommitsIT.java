package dev.chorus.platform.subscription;

import dev.chorus.platform.eventstore.EventLog;
import dev.chorus.platform.eventstore.NewEvent;
import dev.chorus.platform.eventstore.Partitioner;
import dev.chorus.platform.eventstore.RecordedEvent;
import dev.chorus.platform.eventstore.StreamAppend;
import dev.chorus.platform.testing.TestSchema;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static dev.chorus.platform.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

/** The shared consumer transactions of one subscription: what commits together, and what is deferred without a round trip. */
class ConsumerCommitsIT {

  private static final Partitioner PARTITIONS = new Partitioner(16);

  private final TestSchema db = new TestSchema("commits");
  private final Pool pool = db.pool(4);
  private final ConsumerCommits commits = new ConsumerCommits(db.vertx, pool, PARTITIONS);

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  @DisplayName("batches of one turn on different streams commit in one transaction; a second batch on the same stream is deferred")
  void sameTurnSameStreamIsDeferred() {
    Future<ConsumerTransaction.Outcome> first = commits.run(List.of(append("product-1", 0, "reserved-by-a")), List.of());
    Future<ConsumerTransaction.Outcome> other = commits.run(List.of(append("product-2", 0, "reserved-by-b")), List.of());
    Future<ConsumerTransaction.Outcome> second = commits.run(List.of(append("product-1", 0, "reserved-by-c")), List.of());

    assertThat(await(first)).isInstanceOf(ConsumerTransaction.Outcome.Committed.class);
    assertThat(await(other)).isInstanceOf(ConsumerTransaction.Outcome.Committed.class);
    assertThat(await(second)).isInstanceOf(ConsumerTransaction.Outcome.Deferred.class);
    assertThat(payloads("product-1")).containsExactly("\"reserved-by-a\"");
    assertThat(payloads("product-2")).containsExactly("\"reserved-by-b\"");
  }

  @Test
  @DisplayName("a batch prepared on a version this subscription has committed past is deferred; one prepared on the new version commits")
  void staleVersionIsDeferred() {
    assertThat(await(commits.run(List.of(append("wallet-1", 0, "captured")), List.of()))).isInstanceOf(ConsumerTransaction.Outcome.Committed.class);

    assertThat(await(commits.run(List.of(append("wallet-1", 0, "captured-again")), List.of())))
      .isInstanceOf(ConsumerTransaction.Outcome.Deferred.class);
    assertThat(await(commits.run(List.of(append("wallet-1", 1, "refunded")), List.of())))
      .isInstanceOf(ConsumerTransaction.Outcome.Committed.class);
    assertThat(payloads("wallet-1")).containsExactly("\"captured\"", "\"refunded\"");
  }

  @Test
  @DisplayName("a stream another writer moved on is still refused by the database as a conflict")
  void otherWritersConflictInTheDatabase() {
    ConsumerCommits elsewhere = new ConsumerCommits(db.vertx, pool, PARTITIONS);
    assertThat(await(elsewhere.run(List.of(append("order-1", 0, "placed")), List.of()))).isInstanceOf(ConsumerTransaction.Outcome.Committed.class);

    assertThat(await(commits.run(List.of(append("order-1", 0, "placed-again")), List.of())))
      .isInstanceOf(ConsumerTransaction.Outcome.Conflict.class);
    assertThat(payloads("order-1")).containsExactly("\"placed\"");
  }

  private List<String> payloads(String stream) {
    return await(new EventLog(pool).readStream(stream, 0)).stream().map(RecordedEvent::payload).toList();
  }

  private static StreamAppend append(String stream, int expectedVersion, String payload) {
    return new StreamAppend(stream, expectedVersion, List.of(new NewEvent(UUID.randomUUID(), "Happened", "\"" + payload + "\"", "{}")));
  }
}
