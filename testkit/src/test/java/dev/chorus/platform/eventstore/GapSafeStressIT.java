package dev.chorus.platform.eventstore;

import dev.chorus.testkit.TestSchema;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static dev.chorus.testkit.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many writers with random delays before commit, rollbacks and killed backends; several readers with small
 * batches, restarted from their stored checkpoints at random. Every committed event must reach every reader
 * exactly once, in stream order; no rolled-back event may reach any. Beside them runs the forbidden reader
 * (everything after the last position seen): across the seeds of a run it must lose at least one late commit,
 * or the load is too gentle to prove anything.
 * <p>
 * Seeds: {@code -Dchorus.stress.seeds=1,2,3} (default: two fixed seeds and one random one, logged),
 * {@code -Dchorus.stress.seconds=N} of writing per seed. The {@code stress} profile runs many seeds for longer.
 */
class GapSafeStressIT {

  private static final int WRITERS = 32;
  private static final int READERS = 4;
  private static final int STREAMS = 48;
  private static final Partitioner PARTITIONS = new Partitioner(4);
  private static final int LOCKED_TABLES = 300;
  private static final int LOCK_WATCHERS = 6;
  private static final AtomicLong LOST_BY_NAIVE_READERS = new AtomicLong();

  static Stream<Long> seeds() {
    String given = System.getProperty("chorus.stress.seeds", "");
    if (!given.isBlank()) {
      return Arrays.stream(given.split(",")).map(String::trim).map(Long::parseLong);
    }
    int count = Integer.getInteger("chorus.stress.count", 3);
    return LongStream.range(0, count).mapToObj(i -> i < 2 ? 1000 + i : new Random().nextLong());
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  @DisplayName("every committed event reaches every reader exactly once, in stream order")
  void readersSeeExactlyTheCommittedEvents(long seed) throws Exception {
    stress(seed, 0);
  }

  /**
   * A transaction that ends leaves the server's list of running transactions first, then gives back its locks, and
   * its relation locks before its transaction id's: for a while it looks like a transaction running without a lock
   * on the log, although it appended. Writers that hold many locks when they commit make that while long.
   */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  @DisplayName("every committed event reaches every reader exactly once while writers that hold " + LOCKED_TABLES
    + " further locks give them back")
  void readersSeeTheEventsOfWritersGivingBackTheirLocks(long seed) throws Exception {
    stress(seed, LOCKED_TABLES);
  }

  private static void stress(long seed, int lockedTables) throws Exception {
    System.out.printf("gap-safe stress: seed %d, %d tables locked by each writer (rerun with -Dchorus.stress.seeds=%d)%n", seed,
      lockedTables, seed);
    Duration writing = Duration.ofSeconds(Long.getLong("chorus.stress.seconds", 4));
    try (TestSchema db = new TestSchema(LogFixture.SCHEMA)) {
      String locked = lockable(db, lockedTables);
      Outcomes outcomes = new Outcomes();
      AtomicBoolean writersDone = new AtomicBoolean();
      List<Writer> writers = new ArrayList<>();
      for (int i = 0; i < WRITERS; i++) {
        writers.add(new Writer(db, new Random(seed * 31 + i), outcomes, locked));
      }
      List<Reader> readers = new ArrayList<>();
      for (int i = 0; i < READERS; i++) {
        readers.add(new Reader(db, "reader-" + i, new Random(seed * 17 + i), writersDone));
      }
      List<Thread> threads = new ArrayList<>();
      long deadline = System.nanoTime() + writing.toNanos();
      writers.forEach(w -> threads.add(started(() -> w.run(deadline))));
      NaiveReader naive = new NaiveReader(db, new Random(seed * 13), writersDone);
      List<Thread> readerThreads = new ArrayList<>(readers.stream().map(r -> started(r::run)).toList());
      readerThreads.add(started(naive::run));
      Thread terminator = started(() -> terminateBackends(db, writers, outcomes, new Random(seed), deadline));
      Set<String> passedOver = ConcurrentHashMap.newKeySet();
      Bystander bystander = lockedTables > 0 ? Bystander.open(db) : null;
      if (lockedTables > 0) {
        for (int i = 0; i < LOCK_WATCHERS; i++) {
          threads.add(started(() -> watchHorizon(db, deadline, passedOver)));
        }
      }

      for (Thread thread : threads) {
        thread.join();
      }
      terminator.join();
      writersDone.set(true);
      for (Thread thread : readerThreads) {
        thread.join();
      }

      assertThat(outcomes.unexpected).as("writers failed other than by the backend kills of this test").isEmpty();
      Set<UUID> committed = outcomes.resolve(db.connect());
      Set<UUID> lost = new HashSet<>(committed);
      naive.delivered.forEach(lost::remove);
      LOST_BY_NAIVE_READERS.addAndGet(lost.size());
      System.out.printf("gap-safe stress: seed %d: %d events committed, %d rolled back, %d backends terminated; the naive reader lost %d;"
          + " a horizon passed over %d transactions%n",
        seed, committed.size(), outcomes.rolledBack.size(), outcomes.terminated.size(), lost.size(), passedOver.size());
      assertThat(naive.failure).as("the naive reader ran").isNull();
      assertThat(appendedAmong(db, passedOver)).as("transactions that appended, among the " + passedOver.size()
        + " a read's horizon passed over as never to append").isEmpty();
      if (bystander != null) {
        assertThat(passedOver).as("a read's horizon passes over a transaction open the whole run that wrote another table")
          .contains(bystander.close());
      }
      assertThat(committed).isNotEmpty();
      assertThat(outcomes.rolledBack).isNotEmpty();
      assertThat(outcomes.terminated).as("some backends were terminated mid-transaction").isNotEmpty();
      for (Reader reader : readers) {
        assertThat(reader.violations).as(reader.name + " saw streams out of order or checkpoints move back").isEmpty();
        assertThat(reader.delivered).as(reader.name + " delivered an event twice").doesNotHaveDuplicates();
        assertThat(new HashSet<>(reader.delivered)).as(reader.name + " delivered exactly the committed events").isEqualTo(committed);
        assertThat(reader.restarts).as(reader.name + " was restarted").isPositive();
      }
    }
  }

  /** The negative control, over every seed of the run: reading by position alone must have lost late commits. */
  @AfterAll
  static void naiveReadersLostLateCommits() {
    assertThat(LOST_BY_NAIVE_READERS.get()).as("committed events the position-only reader never delivered, over all seeds").isPositive();
  }

  /**
   * Asks again and again which transactions a read's horizon would pass over, and collects them. It reads the lock
   * table as every reader does: while it copies the table, a transaction that ends waits to give back the locks it
   * holds there, its transaction id's among them.
   */
  private static void watchHorizon(TestSchema db, long deadline, Set<String> passedOver) {
    SqlConnection connection = db.connect();
    while (System.nanoTime() < deadline) {
      for (Row row : await(connection.query("with " + EventLog.HORIZON + " select x::text from " + EventLog.PASSED_OVER).execute())) {
        passedOver.add(row.getString(0));
      }
    }
    await(connection.close());
  }

  /** A transaction that wrote another table than the log, open until closed: a horizon passes over it. */
  private record Bystander(SqlConnection connection, String transaction) {

    static Bystander open(TestSchema db) {
      SqlConnection connection = db.connect();
      await(connection.query("begin").execute());
      await(connection.query("create table bystander (id int)").execute());
      return new Bystander(connection, await(connection.query("select pg_current_xact_id()::text").execute()).iterator().next().getString(0));
    }

    /** Ends it; its transaction id. */
    String close() {
      await(connection.query("rollback").execute());
      await(connection.close());
      return transaction;
    }
  }

  private static List<String> appendedAmong(TestSchema db, Set<String> transactions) {
    SqlConnection connection = db.connect();
    try {
      List<String> appended = new ArrayList<>();
      for (Row row : await(connection.preparedQuery("select distinct tx_id::text from events where tx_id::text = any($1)")
        .execute(Tuple.of(transactions.toArray(String[]::new))))) {
        appended.add(row.getString(0));
      }
      return appended;
    } finally {
      await(connection.close());
    }
  }

  /** Creates {@code count} empty tables; the statement that locks them all, or none when there are none. */
  private static String lockable(TestSchema db, int count) {
    if (count == 0) {
      return null;
    }
    SqlConnection connection = db.connect();
    List<String> tables = IntStream.range(0, count).mapToObj(i -> "held_" + i).toList();
    await(connection.query("do $$ begin for i in 0.." + (count - 1) + " loop execute format('create table held_%s (id int)', i);"
      + " end loop; end $$").execute());
    await(connection.close());
    return "lock table " + String.join(", ", tables) + " in access share mode";
  }

  private static Thread started(Runnable work) {
    Thread thread = new Thread(work);
    thread.start();
    return thread;
  }

  /** Kills a random writer's backend now and then; each pid is recorded before its kill, so that its writer's failure is expected. */
  private static void terminateBackends(TestSchema db, List<Writer> writers, Outcomes outcomes, Random random, long deadline) {
    SqlConnection admin = db.connect();
    while (System.nanoTime() < deadline) {
      await(db.vertx.timer(100 + random.nextInt(200)));
      Writer victim = writers.get(random.nextInt(writers.size()));
      Integer pid = victim.backendPid;
      if (pid != null) {
        outcomes.killed.add(pid);
        await(admin.preparedQuery("select pg_terminate_backend($1)").execute(Tuple.of(pid)));
      }
    }
  }

  /** What became of every event a writer tried to append. */
  static final class Outcomes {
    final Set<UUID> committed = ConcurrentHashMap.newKeySet();
    final Set<UUID> rolledBack = ConcurrentHashMap.newKeySet();
    final Set<UUID> unknown = ConcurrentHashMap.newKeySet();
    final Set<Integer> killed = ConcurrentHashMap.newKeySet();
    final List<Integer> terminated = new CopyOnWriteArrayList<>();
    final List<String> unexpected = new CopyOnWriteArrayList<>();

    /** The committed events, settling the outcome of transactions whose backend died around the commit. */
    Set<UUID> resolve(SqlConnection connection) {
      Set<UUID> result = new HashSet<>(committed);
      if (!unknown.isEmpty()) {
        for (Row row : await(connection.preparedQuery("select event_id from events where event_id = any($1)")
          .execute(Tuple.of(unknown.toArray(UUID[]::new))))) {
          result.add(row.getUUID(0));
        }
      }
      Set<UUID> stored = new HashSet<>();
      for (Row row : await(connection.query("select event_id from events").execute())) {
        stored.add(row.getUUID(0));
      }
      assertThat(stored).as("the log holds exactly the committed events").isEqualTo(result);
      assertThat(Collections.disjoint(result, rolledBack)).isTrue();
      return result;
    }
  }

  /** Appends 1–3 events to a random stream, waits a random time, then commits (90%) or rolls back. */
  static final class Writer {
    private final TestSchema db;
    private final Random random;
    private final Outcomes outcomes;
    /** Locks taken after the append, or null for none. */
    private final String lockMore;
    private SqlConnection connection;
    volatile Integer backendPid;

    Writer(TestSchema db, Random random, Outcomes outcomes, String lockMore) {
      this.db = db;
      this.random = random;
      this.outcomes = outcomes;
      this.lockMore = lockMore;
    }

    void run(long deadline) {
      while (System.nanoTime() < deadline) {
        List<NewEvent> events = new ArrayList<>();
        try {
          if (connection == null) {
            connection = db.connect();
            backendPid = await(connection.query("select pg_backend_pid()").execute()).iterator().next().getInteger(0);
          }
          String stream = "stream-" + random.nextInt(STREAMS);
          int version = await(connection.preparedQuery("select coalesce(max(version), 0) from events where stream_id = $1")
            .execute(Tuple.of(stream))).iterator().next().getInteger(0);
          for (int i = 1 + random.nextInt(3); i > 0; i--) {
            events.add(LogFixture.event("Happened"));
          }
          LogTransaction tx = LogTransaction.begin(connection, PARTITIONS);
          AppendResult result = await(tx.append(List.of(new StreamAppend(stream, version, events))));
          if (lockMore != null) {
            await(tx.writes().query(lockMore).execute());
          }
          await(db.vertx.timer(delayMillis()));
          if (!result.allAppended() || random.nextInt(10) == 0) {
            await(tx.rollback());
            events.forEach(e -> outcomes.rolledBack.add(e.eventId()));
          } else {
            await(tx.commit());
            events.forEach(e -> outcomes.committed.add(e.eventId()));
          }
        } catch (RuntimeException | AssertionError e) {
          events.forEach(ev -> outcomes.unknown.add(ev.eventId()));
          if (backendPid != null && outcomes.killed.contains(backendPid)) {
            outcomes.terminated.add(backendPid);
          } else {
            outcomes.unexpected.add("backend " + backendPid + ": " + e);
          }
          connection = null;
          backendPid = null;
        }
      }
      if (connection != null) {
        connection.close();
      }
    }

    /** Mostly short, sometimes long: long ones hold readers back while others commit above them. */
    private long delayMillis() {
      int dice = random.nextInt(100);
      return dice < 80 ? 1 + random.nextInt(3) : dice < 97 ? 5 + random.nextInt(20) : 100 + random.nextInt(300);
    }
  }

  /** Reads every partition in small batches, checkpointing each, and now and then restarts from the stored checkpoints. */
  static final class Reader {
    final String name;
    final List<UUID> delivered = new ArrayList<>();
    final List<String> violations = new ArrayList<>();
    int restarts;
    private final TestSchema db;
    private final Random random;
    private final AtomicBoolean writersDone;
    private final Map<String, Integer> lastVersion = new HashMap<>();
    private final Map<Integer, Checkpoint> position = new HashMap<>();

    Reader(TestSchema db, String name, Random random, AtomicBoolean writersDone) {
      this.db = db;
      this.name = name;
      this.random = random;
      this.writersDone = writersDone;
    }

    void run() {
      try {
        read();
      } catch (RuntimeException | AssertionError e) {
        violations.add("the reader failed: " + e);
      }
    }

    private void read() {
      SqlConnection store = db.connect();
      SqlConnection connection = db.connect();
      EventLog log = new EventLog(connection);
      boolean drained = false;
      while (!drained) {
        boolean finalPass = writersDone.get();
        if (random.nextInt(20) == 0) {
          position.clear();        // a restart: forget everything but what was stored
          await(connection.close());
          connection = db.connect();
          log = new EventLog(connection);
          restarts++;
        }
        int read = 0;
        for (int partition = 0; partition < PARTITIONS.partitions(); partition++) {
          Checkpoint from = position.computeIfAbsent(partition, p -> await(Checkpoints.load(store, name, p)));
          LogBatch batch = await(log.read(partition, from, 1 + random.nextInt(7)));
          if (batch.isEmpty()) {
            continue;
          }
          if (!await(Checkpoints.save(store, name, partition, batch.next()))) {
            violations.add("checkpoint " + batch.next() + " did not move forward from " + from);
          }
          position.put(partition, batch.next());
          batch.events().forEach(this::deliver);
          read += batch.events().size();
        }
        drained = finalPass && read == 0;
      }
    }

    private void deliver(RecordedEvent event) {
      int expected = lastVersion.getOrDefault(event.streamId(), 0) + 1;
      if (event.version() != expected) {
        violations.add(event.streamId() + ": got version " + event.version() + ", expected " + expected);
      }
      lastVersion.put(event.streamId(), event.version());
      delivered.add(event.eventId());
    }
  }

  /** The forbidden reader: everything after the last position it saw, in position order, in small batches. */
  static final class NaiveReader {
    final List<UUID> delivered = new ArrayList<>();
    volatile Throwable failure;
    private final TestSchema db;
    private final Random random;
    private final AtomicBoolean writersDone;

    NaiveReader(TestSchema db, Random random, AtomicBoolean writersDone) {
      this.db = db;
      this.random = random;
      this.writersDone = writersDone;
    }

    void run() {
      try {
        SqlConnection connection = db.connect();
        long last = 0;
        boolean drained = false;
        while (!drained) {
          boolean finalPass = writersDone.get();
          int read = 0;
          for (Row row : await(connection.preparedQuery("select position, event_id from events where position > $1 order by position limit $2")
            .execute(Tuple.of(last, 1 + random.nextInt(7))))) {
            last = row.getLong(0);
            delivered.add(row.getUUID(1));
            read++;
          }
          drained = finalPass && read == 0;
        }
        await(connection.close());
      } catch (RuntimeException | AssertionError e) {
        failure = e;
      }
    }
  }
}
