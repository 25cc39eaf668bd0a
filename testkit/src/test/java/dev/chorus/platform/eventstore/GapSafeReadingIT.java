package dev.chorus.platform.eventstore;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import dev.chorus.testkit.Poll;
import dev.chorus.testkit.TestSchema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import static dev.chorus.platform.eventstore.LogFixture.append;
import static dev.chorus.platform.eventstore.LogFixture.event;
import static dev.chorus.testkit.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reader against transactions that commit out of position order, step by step. One partition, so that
 * every event competes for the same place in the read order.
 */
class GapSafeReadingIT {

  private static final Partitioner ONE_PARTITION = new Partitioner(1);

  private final TestSchema db = new TestSchema(LogFixture.SCHEMA);
  private final EventLog log = new EventLog(db.connect());

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  @DisplayName("an event that took a lower position but commits later is not passed over")
  void lateCommitBelowAHigherPositionIsDelivered() {
    NewEvent early = event("Early");
    NewEvent late = event("Late");
    LogTransaction slow = begin();
    await(slow.append(List.of(append("a", 0, early))));          // takes the lower position, stays open
    LogTransaction fast = begin();
    await(fast.append(List.of(append("b", 0, late))));
    await(fast.commit());

    LogBatch whileOpen = await(log.read(0, Checkpoint.START, 10));
    await(slow.commit());
    LogBatch afterCommit = await(log.read(0, whileOpen.next(), 10));

    assertThat(whileOpen.events()).as("nothing may be delivered past an open transaction").isEmpty();
    assertThat(ids(afterCommit)).containsExactly(early.eventId(), late.eventId());
  }

  @Test
  @DisplayName("negative control: reading by position alone loses that same event for good")
  void naiveReaderLosesTheLateCommit() {
    NewEvent early = event("Early");
    NewEvent late = event("Late");
    SqlConnection reader = db.connect();
    LogTransaction slow = begin();
    await(slow.append(List.of(append("a", 0, early))));
    LogTransaction fast = begin();
    await(fast.append(List.of(append("b", 0, late))));
    await(fast.commit());

    List<UUID> delivered = new ArrayList<>();
    long checkpoint = naiveRead(reader, 0, delivered);
    await(slow.commit());
    naiveRead(reader, checkpoint, delivered);

    assertThat(delivered).containsExactly(late.eventId()).doesNotContain(early.eventId());
  }

  @Test
  @DisplayName("a rolled-back transaction's gap is passed as soon as it rolls back")
  void rolledBackGapIsPassedPromptly() {
    NewEvent doomed = event("Doomed");
    NewEvent kept = event("Kept");
    LogTransaction abandoned = begin();
    await(abandoned.append(List.of(append("a", 0, doomed))));
    LogTransaction committed = begin();
    await(committed.append(List.of(append("b", 0, kept))));
    await(committed.commit());
    assertThat(await(log.read(0, Checkpoint.START, 10)).events()).isEmpty();

    await(abandoned.rollback());

    assertThat(ids(await(log.read(0, Checkpoint.START, 10)))).containsExactly(kept.eventId());
  }

  @Test
  @DisplayName("a transaction open elsewhere — it wrote another table first, as another context's consumer does — holds no reader of this log back")
  void aTransactionThatWroteElsewhereDoesNotHoldReadersBack() {
    await(db.connect().query("create table elsewhere (n int)").execute());
    SqlConnection other = db.connect();
    await(other.query("begin").execute());
    await(other.query("insert into elsewhere values (1)").execute());    // has a transaction id, older than the append below
    long otherTx = currentTransactionId(other);
    NewEvent kept = event("Kept");
    LogTransaction appending = begin();
    await(appending.append(List.of(append("a", 0, kept))));
    await(appending.commit());

    LogBatch whileOpen = await(log.read(0, Checkpoint.START, 10));

    assertThat(whileOpen.events()).as("read past transaction " + otherTx + ", which can never append here").hasSize(1);
    assertThat(whileOpen.events().get(0).checkpoint().txId()).isGreaterThan(otherTx);
    assertThat(ids(whileOpen)).containsExactly(kept.eventId());
    await(other.query("rollback").execute());
  }

  @Test
  @DisplayName("a transaction its client leaves open (a paused node) is ended by the session's idle timeout; readers then pass its gap")
  void abandonedTransactionEndsWithinTheSessionLimit() {
    NewEvent stuck = event("Stuck");
    NewEvent kept = event("Kept");
    LogTransaction paused = begin();
    await(paused.append(List.of(append("a", 0, stuck))));         // and its client sends nothing more
    commit(append("b", 0, kept));
    long begun = System.nanoTime();

    Duration waited = Poll.until(Duration.ofSeconds(30), () -> !await(log.read(0, Checkpoint.START, 10)).events().isEmpty(),
      () -> "readers still wait behind the abandoned transaction");

    assertThat(ids(await(log.read(0, Checkpoint.START, 10)))).containsExactly(kept.eventId());
    assertThat(Duration.ofNanos(System.nanoTime() - begun)).as("held back until the idle timeout, not less")
      .isGreaterThanOrEqualTo(Duration.ofSeconds(14));
    System.out.printf("abandoned transaction: readers waited %d ms%n", waited.toMillis());
  }

  @Test
  @DisplayName("a reader restarted from its stored checkpoint in the middle of a gap misses nothing and repeats nothing")
  void restartFromStoredCheckpointInsideAGap() {
    SqlConnection store = db.connect();
    NewEvent first = event("First");
    NewEvent pending = event("Pending");
    NewEvent after = event("After");
    commit(append("a", 0, first));
    LogTransaction open = begin();
    await(open.append(List.of(append("b", 0, pending))));
    commit(append("c", 0, after));

    LogBatch beforeRestart = await(log.read(0, Checkpoint.START, 10));
    await(Checkpoints.save(store, "reader", 0, beforeRestart.next()));
    await(open.commit());
    EventLog restarted = new EventLog(db.connect());
    LogBatch afterRestart = await(restarted.read(0, await(Checkpoints.load(store, "reader", 0)), 10));

    assertThat(ids(beforeRestart)).containsExactly(first.eventId());
    assertThat(ids(afterRestart)).containsExactly(pending.eventId(), after.eventId());
  }

  @Test
  @DisplayName("a stream's versions reach readers in order, even when the second writer began first")
  void streamOrderHoldsWhenTheLaterWriterBeganEarlier() {
    LogTransaction second = begin();                              // begins first, writes nothing yet
    commit(append("s", 0, event("V1")));
    await(second.append(List.of(append("s", 1, event("V2")))));
    await(second.commit());

    assertThat(versions(await(log.read(0, Checkpoint.START, 10)))).containsExactly(1, 2);
  }

  @Test
  @DisplayName("negative control: a writer that wrote something before its append inverts the stream for readers")
  void writingBeforeTheAppendInvertsTheStream() {
    SqlConnection raw = db.connect();
    await(raw.query("create table scratch (n int)").execute());
    await(raw.query("begin").execute());
    await(raw.query("insert into scratch values (1)").execute());  // takes a transaction id now
    commit(append("s", 0, event("V1")));
    await(raw.preparedQuery("insert into events (stream_id, version, event_id, type, payload, partition) values ($1, 2, $2, 'V2', '{}', 0)")
      .execute(Tuple.of("s", UUID.randomUUID())));
    await(raw.query("commit").execute());

    assertThat(versions(await(log.read(0, Checkpoint.START, 10)))).containsExactly(2, 1);
  }

  @Test
  @DisplayName("transaction ids keep their numeric order across a power of ten (999 before 1000)")
  void transactionIdsOrderNumerically() {
    SqlConnection burner = db.connect();
    long current = currentTransactionId(burner);
    long boundary = (long) Math.pow(10, Long.toString(current).length());
    while (current < boundary - 3) {  // every autocommit call takes a fresh transaction id; pipelined, 100 at a time
      int burn = (int) Math.min(100, boundary - 3 - current);
      await(Future.all(IntStream.range(0, burn).mapToObj(i -> burner.query("select pg_current_xact_id()").execute()).toList()));
      current = currentTransactionId(burner);
    }
    for (int version = 1; version <= 6; version++) {
      commit(append("crossing", version - 1, event("V" + version)));
    }

    LogBatch batch = await(log.read(0, Checkpoint.START, 100));

    assertThat(batch.events().get(0).txId()).isLessThan(boundary);
    assertThat(batch.events().get(5).txId()).isGreaterThanOrEqualTo(boundary);
    assertThat(versions(batch)).containsExactly(1, 2, 3, 4, 5, 6);
  }

  @Test
  @DisplayName("the kernel refuses an append after another write in the same transaction")
  void appendAfterOtherWritesIsRefused() {
    LogTransaction tx = begin();
    tx.writes();

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> tx.append(List.of(append("s", 0, event("Late")))))
      .isInstanceOf(IllegalStateException.class)
      .hasMessageContaining("first write");
    await(tx.rollback());
  }

  private static long currentTransactionId(SqlConnection connection) {
    return Long.parseLong(await(connection.query("select pg_current_xact_id()::text").execute()).iterator().next().getString(0));
  }

  private LogTransaction begin() {
    return LogTransaction.begin(db.connect(), ONE_PARTITION);
  }

  private void commit(StreamAppend append) {
    LogTransaction tx = begin();
    assertThat(await(tx.append(List.of(append))).allAppended()).isTrue();
    await(tx.commit());
  }

  /** The forbidden reader: everything after the last position seen, in position order. */
  private static long naiveRead(SqlConnection reader, long after, List<UUID> delivered) {
    long last = after;
    for (Row row : await(reader.preparedQuery("select position, event_id from events where position > $1 order by position").execute(Tuple.of(after)))) {
      delivered.add(row.getUUID(1));
      last = row.getLong(0);
    }
    return last;
  }

  private static List<UUID> ids(LogBatch batch) {
    return batch.events().stream().map(RecordedEvent::eventId).toList();
  }

  private static List<Integer> versions(LogBatch batch) {
    return batch.events().stream().map(RecordedEvent::version).toList();
  }
}
