package dev.chorus.platform.eventstore;

import dev.chorus.testkit.TestSchema;
import io.vertx.sqlclient.SqlConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.chorus.platform.eventstore.LogFixture.append;
import static dev.chorus.platform.eventstore.LogFixture.event;
import static dev.chorus.testkit.Await.await;
import static dev.chorus.testkit.Await.failure;
import static org.assertj.core.api.Assertions.assertThat;

class AppendIT {

  private static final Partitioner PARTITIONS = new Partitioner(16);

  private final TestSchema db = new TestSchema(LogFixture.SCHEMA);
  private final EventLog log = new EventLog(db.connect());

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  @DisplayName("a node's session plans each prepared statement once, whatever its parameters")
  void sessionsUseGenericPlans() {
    String mode = await(db.connect().query("show plan_cache_mode").execute()).iterator().next().getString(0);

    assertThat(mode).isEqualTo("force_generic_plan");
  }

  @Test
  @DisplayName("a node's session prepares the log's gap-safe read once, however long its text, and reuses it")
  void theLogReadIsPreparedOnce() {
    SqlConnection session = db.connect();
    EventLog reader = new EventLog(session);
    await(reader.read(0, Checkpoint.START, 10));
    await(reader.read(1, Checkpoint.START, 10));

    long prepared = await(session.query("select count(*) from pg_prepared_statements where statement like '%pg_snapshot_xip%'")
      .execute()).iterator().next().getLong(0);

    // an uncached statement is parsed and planned at every read (0.6 ms and 1.0 ms on the server, against 0.2 ms to run it)
    assertThat(prepared).as("named statements of the session that read the log").isEqualTo(1);
  }

  @Test
  @DisplayName("events become versions 1..n of their stream, in their partition")
  void appendsVersionsInOrder() {
    LogTransaction tx = LogTransaction.begin(db.connect(), PARTITIONS);
    assertThat(await(tx.append(List.of(append("order-1", 0, event("A"), event("B"), event("C"))))).allAppended()).isTrue();
    await(tx.commit());

    List<RecordedEvent> stream = await(log.readStream("order-1", 0));
    assertThat(stream).extracting(RecordedEvent::version).containsExactly(1, 2, 3);
    assertThat(stream).extracting(RecordedEvent::type).containsExactly("A", "B", "C");
    assertThat(stream).extracting(RecordedEvent::partition).containsOnly(PARTITIONS.partitionOf("order-1"));
    assertThat(await(log.readStream("order-1", 2))).extracting(RecordedEvent::version).containsExactly(3);
  }

  @Test
  @DisplayName("several stream reads in one statement answer each as a read of its own would, the same stream twice included")
  void streamReadsInOneStatement() {
    LogTransaction tx = LogTransaction.begin(db.connect(), PARTITIONS);
    await(tx.append(List.of(append("s-1", 0, event("A"), event("B"), event("C")), append("s-2", 0, event("D")))));
    await(tx.commit());

    List<List<RecordedEvent>> reads = await(log.readStreams(List.of(new EventLog.StreamAfter("s-1", 1),
      new EventLog.StreamAfter("missing", 0), new EventLog.StreamAfter("s-2", 0), new EventLog.StreamAfter("s-1", 3),
      new EventLog.StreamAfter("s-1", 0))));

    assertThat(reads).hasSize(5);
    assertThat(reads.get(0)).isEqualTo(await(log.readStream("s-1", 1)));
    assertThat(reads.get(0)).extracting(RecordedEvent::type).containsExactly("B", "C");
    assertThat(reads.get(1)).isEmpty();
    assertThat(reads.get(2)).extracting(RecordedEvent::type).containsExactly("D");
    assertThat(reads.get(3)).isEmpty();
    assertThat(reads.get(4)).extracting(RecordedEvent::version).containsExactly(1, 2, 3);
  }

  @Test
  @DisplayName("a stream that is not at the expected version is not written; the others in the statement are")
  void staleExpectedVersionConflicts() {
    LogTransaction first = LogTransaction.begin(db.connect(), PARTITIONS);
    await(first.append(List.of(append("x", 0, event("X1")))));
    await(first.commit());

    LogTransaction second = LogTransaction.begin(db.connect(), PARTITIONS);
    AppendResult result = await(second.append(List.of(append("x", 0, event("X1-again")), append("y", 0, event("Y1")))));
    await(second.commit());

    assertThat(result.appended()).containsExactly(false, true);
    assertThat(result.partial()).isFalse();
    assertThat(await(log.readStream("x", 0))).extracting(RecordedEvent::type).containsExactly("X1");
    assertThat(await(log.readStream("y", 0))).extracting(RecordedEvent::type).containsExactly("Y1");
  }

  @Test
  @DisplayName("an expected version ahead of the stream is refused too: versions never skip")
  void expectedVersionAheadConflicts() {
    LogTransaction tx = LogTransaction.begin(db.connect(), PARTITIONS);
    assertThat(await(tx.append(List.of(append("z", 3, event("Z4"))))).appended()).containsExactly(false);
    await(tx.rollback());
  }

  @Test
  @DisplayName("two writers racing on a stream: the second finds the version taken once the first commits")
  void concurrentWritersConflict() {
    LogTransaction a = LogTransaction.begin(db.connect(), PARTITIONS);
    LogTransaction b = LogTransaction.begin(db.connect(), PARTITIONS);
    await(a.append(List.of(append("r", 0, event("A1"), event("A2")))));
    var racing = b.append(List.of(append("r", 0, event("B1"))));   // waits on a's row
    db.awaitLockWait();
    await(a.commit());

    assertThat(await(racing).appended()).containsExactly(false);
    await(b.commit());
    assertThat(await(log.readStream("r", 0))).extracting(RecordedEvent::type).containsExactly("A1", "A2");
  }

  @Test
  @DisplayName("an append written in part by a race can not be committed")
  void partialAppendCannotCommit() {
    LogTransaction a = LogTransaction.begin(db.connect(), PARTITIONS);
    LogTransaction b = LogTransaction.begin(db.connect(), PARTITIONS);
    await(a.append(List.of(append("p", 0, event("A1")))));
    var racing = b.append(List.of(append("p", 0, event("B1"), event("B2"))));  // B1 collides with A1, B2 does not
    db.awaitLockWait();
    await(a.commit());

    AppendResult result = await(racing);
    assertThat(result.partial()).isTrue();
    assertThat(failure(b.commit())).hasMessageContaining("written in part");
    assertThat(await(log.readStream("p", 0))).extracting(RecordedEvent::type).containsExactly("A1");
  }

  @Test
  @DisplayName("checkpoints are stored per consumer and partition and never move back")
  void checkpointsOnlyMoveForward() {
    var client = db.connect();
    assertThat(await(Checkpoints.load(client, "projection", 3))).isEqualTo(Checkpoint.START);
    assertThat(await(Checkpoints.save(client, "projection", 3, new Checkpoint(10, 5)))).isTrue();
    assertThat(await(Checkpoints.save(client, "projection", 3, new Checkpoint(9, 50)))).isFalse();
    assertThat(await(Checkpoints.save(client, "projection", 3, new Checkpoint(10, 6)))).isTrue();
    assertThat(await(Checkpoints.load(client, "projection", 3))).isEqualTo(new Checkpoint(10, 6));
    assertThat(await(Checkpoints.load(client, "projection", 4))).isEqualTo(Checkpoint.START);
  }
}
