package dev.chorus.platform.subscription;

import dev.chorus.platform.eventstore.Checkpoint;
import dev.chorus.platform.eventstore.EventLog;
import dev.chorus.platform.eventstore.NewEvent;
import dev.chorus.platform.eventstore.Partitioner;
import dev.chorus.platform.eventstore.RecordedEvent;
import dev.chorus.platform.eventstore.StreamAppend;
import dev.chorus.testkit.TestSchema;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static dev.chorus.testkit.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

/** The shared consumer transactions of one subscription: what commits together, and what is deferred without a round trip. */
class ConsumerCommitsIT {

  private static final Partitioner PARTITIONS = new Partitioner(16);
  private static final String SUBSCRIPTION = "inventory.orders";

  private final TestSchema db = new TestSchema("commits");
  private final Pool pool = db.pool(4);
  private final PartitionLeases leases = new PartitionLeases(pool);
  private final ConsumerCommits commits = new ConsumerCommits(db.vertx, pool, PARTITIONS, SUBSCRIPTION, leases);
  private final Map<Integer, Long> epochs = new HashMap<>();

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  @DisplayName("batches of one turn on different streams commit in one transaction; a second batch on the same stream is deferred")
  void sameTurnSameStreamIsDeferred() {
    Future<ConsumerTransaction.Outcome> first = commit(0, append("product-1", 0, "reserved-by-a"));
    Future<ConsumerTransaction.Outcome> other = commit(1, append("product-2", 0, "reserved-by-b"));
    Future<ConsumerTransaction.Outcome> second = commit(2, append("product-1", 0, "reserved-by-c"));

    assertThat(await(first)).isInstanceOf(ConsumerTransaction.Outcome.Committed.class);
    assertThat(await(other)).isInstanceOf(ConsumerTransaction.Outcome.Committed.class);
    assertThat(await(second)).isInstanceOf(ConsumerTransaction.Outcome.Deferred.class);
    assertThat(payloads("product-1")).containsExactly("\"reserved-by-a\"");
    assertThat(payloads("product-2")).containsExactly("\"reserved-by-b\"");
  }

  @Test
  @DisplayName("a batch prepared on a version this subscription has committed past is deferred; one prepared on the new version commits")
  void staleVersionIsDeferred() {
    assertThat(await(commit(0, append("wallet-1", 0, "captured")))).isInstanceOf(ConsumerTransaction.Outcome.Committed.class);

    assertThat(await(commit(0, append("wallet-1", 0, "captured-again")))).isInstanceOf(ConsumerTransaction.Outcome.Deferred.class);
    assertThat(await(commit(0, append("wallet-1", 1, "refunded")))).isInstanceOf(ConsumerTransaction.Outcome.Committed.class);
    assertThat(payloads("wallet-1")).containsExactly("\"captured\"", "\"refunded\"");
  }

  @Test
  @DisplayName("a batch is deferred once per commit: prepared on the same version again, the database decides (a commit it lost does not defer a stream forever)")
  void deferredOncePerCommit() {
    assertThat(await(commit(0, append("wallet-1", 0, "captured")))).isInstanceOf(ConsumerTransaction.Outcome.Committed.class);
    loseTheLastCommitOf("wallet-1");

    assertThat(await(commit(0, append("wallet-1", 0, "captured-again")))).isInstanceOf(ConsumerTransaction.Outcome.Deferred.class);
    assertThat(await(commit(0, append("wallet-1", 0, "captured-again")))).isInstanceOf(ConsumerTransaction.Outcome.Committed.class);
    assertThat(payloads("wallet-1")).containsExactly("\"captured-again\"");
  }

  @Test
  @DisplayName("prepared on the old version again after its deferral, a batch meets the commit in the database as a conflict;"
    + " other streams' commits are still remembered")
  void deferredThenConflict() {
    assertThat(await(commit(0, append("wallet-1", 0, "captured")))).isInstanceOf(ConsumerTransaction.Outcome.Committed.class);
    assertThat(await(commit(1, append("wallet-2", 0, "captured")))).isInstanceOf(ConsumerTransaction.Outcome.Committed.class);

    assertThat(await(commit(0, append("wallet-1", 0, "captured-again")))).isInstanceOf(ConsumerTransaction.Outcome.Deferred.class);
    assertThat(await(commit(0, append("wallet-1", 0, "captured-again")))).isInstanceOf(ConsumerTransaction.Outcome.Conflict.class);
    assertThat(await(commit(1, append("wallet-2", 0, "captured-again")))).isInstanceOf(ConsumerTransaction.Outcome.Deferred.class);
    assertThat(payloads("wallet-1")).containsExactly("\"captured\"");
  }

  @Test
  @DisplayName("a stream another writer moved on is still refused by the database as a conflict")
  void otherWritersConflictInTheDatabase() {
    ConsumerCommits elsewhere = new ConsumerCommits(db.vertx, pool, PARTITIONS, SUBSCRIPTION, leases);
    assertThat(await(elsewhere.run(List.of(append("order-1", 0, "placed")), List.of(), progress(0, 10))))
      .isInstanceOf(ConsumerTransaction.Outcome.Committed.class);

    assertThat(await(commit(1, append("order-1", 0, "placed-again")))).isInstanceOf(ConsumerTransaction.Outcome.Conflict.class);
    assertThat(payloads("order-1")).containsExactly("\"placed\"");
  }

  @Test
  @DisplayName("one shared transaction records every batch's processed events and moves every batch's checkpoint")
  void sharedTransactionRecordsEveryBatch() {
    UUID a = UUID.randomUUID();
    UUID b = UUID.randomUUID();
    Future<ConsumerTransaction.Outcome> first = commits.run(List.of(append("product-1", 0, "reserved")), List.of(),
      new ConsumerCommits.Progress(position(3, 30), List.of(a)));
    Future<ConsumerTransaction.Outcome> second = commits.run(List.of(append("product-2", 0, "reserved")), List.of(),
      new ConsumerCommits.Progress(position(4, 40), List.of(b)));

    assertThat(await(first)).isInstanceOf(ConsumerTransaction.Outcome.Committed.class);
    assertThat(await(second)).isInstanceOf(ConsumerTransaction.Outcome.Committed.class);
    assertThat(await(Inbox.processed(pool, SUBSCRIPTION, List.of(a, b)))).isEqualTo(Set.of(a, b));
    assertThat(checkpoint(3)).isEqualTo(new Checkpoint(1, 30));
    assertThat(checkpoint(4)).isEqualTo(new Checkpoint(1, 40));
  }

  @Test
  @DisplayName("a batch whose lease was taken over is fenced alone; the batches it shared a transaction with commit")
  void lostLeaseStaysWithItsPartition() {
    position(5, 0);
    await(leases.acquire(SUBSCRIPTION, 5, "other-node", List.of()));
    UUID processedElsewhere = UUID.randomUUID();

    Future<ConsumerTransaction.Outcome> fenced = commits.run(List.of(append("product-5", 0, "reserved")), List.of(),
      new ConsumerCommits.Progress(position(5, 50), List.of(processedElsewhere)));
    Future<ConsumerTransaction.Outcome> kept = commit(6, append("product-6", 0, "reserved"));

    assertThat(await(fenced)).isEqualTo(new ConsumerTransaction.Outcome.Refused(PartitionLeases.FENCED));
    assertThat(await(kept)).isInstanceOf(ConsumerTransaction.Outcome.Committed.class);
    assertThat(payloads("product-5")).isEmpty();
    assertThat(payloads("product-6")).hasSize(1);
    assertThat(await(Inbox.processed(pool, SUBSCRIPTION, List.of(processedElsewhere)))).isEmpty();
    assertThat(checkpoint(5)).isEqualTo(new Checkpoint(0, 0));
  }

  private Future<ConsumerTransaction.Outcome> commit(int partition, StreamAppend append) {
    return commits.run(List.of(append), List.of(), progress(partition, 1));
  }

  private ConsumerCommits.Progress progress(int partition, long position) {
    return new ConsumerCommits.Progress(position(partition, position), List.of());
  }

  /** The position {@code (1, position)} of a partition, under the lease this test holds on it (taken on first use). */
  private PartitionLeases.Position position(int partition, long position) {
    long epoch = epochs.computeIfAbsent(partition, p -> {
      await(leases.ensure(SUBSCRIPTION, PARTITIONS.partitions()));
      return await(leases.acquire(SUBSCRIPTION, p, "this-node", List.of())).epoch();
    });
    return new PartitionLeases.Position(partition, epoch, new Checkpoint(1, position));
  }

  private Checkpoint checkpoint(int partition) {
    return await(leases.states(SUBSCRIPTION)).get(partition).checkpoint();
  }

  /** What a server that acknowledged a commit and then lost it (asynchronous commit, a failover) leaves: the stream as before it. */
  private void loseTheLastCommitOf(String stream) {
    await(pool.preparedQuery("delete from events where stream_id = $1 and version = (select max(version) from events where stream_id = $1)")
      .execute(Tuple.of(stream)));
  }

  private List<String> payloads(String stream) {
    return await(new EventLog(pool).readStream(stream, 0)).stream().map(RecordedEvent::payload).toList();
  }

  private static StreamAppend append(String stream, int expectedVersion, String payload) {
    return new StreamAppend(stream, expectedVersion, List.of(new NewEvent(UUID.randomUUID(), "Happened", "\"" + payload + "\"", "{}")));
  }
}
