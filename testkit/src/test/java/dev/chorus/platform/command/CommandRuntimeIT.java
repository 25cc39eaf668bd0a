package dev.chorus.platform.command;

import dev.chorus.platform.command.Wallet.Balance;
import dev.chorus.platform.command.Wallet.Deposit;
import dev.chorus.platform.command.Wallet.Deposited;
import dev.chorus.platform.command.Wallet.WalletCommand;
import dev.chorus.platform.command.Wallet.WalletEvent;
import dev.chorus.platform.command.Wallet.Withdraw;
import dev.chorus.platform.command.Wallet.Withdrawn;
import dev.chorus.platform.decider.Rejection;
import dev.chorus.platform.eventstore.EventLog;
import dev.chorus.platform.eventstore.Partitioner;
import dev.chorus.platform.eventstore.RecordedEvent;
import dev.chorus.testkit.Poll;
import dev.chorus.testkit.TestSchema;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

import static dev.chorus.testkit.Await.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommandRuntimeIT {

  private static final Partitioner PARTITIONS = new Partitioner(16);
  private final TestSchema db = new TestSchema("wallets");
  private final Pool pool = db.pool(8);

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  @DisplayName("a command is decided on the stream's state and its events appended as the next versions")
  void decidesAndAppends() {
    var wallets = runtime(false, 0, CommandEffects.none());

    accepted(wallets.handle(command("wallet-1", new Deposit(100))));
    CommandResult.Accepted<WalletEvent> withdrawal = accepted(wallets.handle(command("wallet-1", new Withdraw(30))));

    assertThat(withdrawal.events()).containsExactly(new Withdrawn(30));
    assertThat(withdrawal.version()).isEqualTo(2);
    assertThat(await(new EventLog(pool).readStream("wallet-1", 0))).extracting(RecordedEvent::type)
      .containsExactly("wallet.Deposited.v2", "wallet.Withdrawn.v1");
  }

  @Test
  @DisplayName("a refused command appends nothing")
  void rejectionAppendsNothing() {
    var wallets = runtime(false, 0, CommandEffects.none());

    CommandResult<WalletEvent> result = await(wallets.handle(command("wallet-2", new Withdraw(1))));

    assertThat(result).isEqualTo(new CommandResult.Rejected<>(new Rejection("insufficient-funds", "balance 0 is less than 1")));
    assertThat(db.count("select count(*) from events")).isZero();
  }

  @Test
  @DisplayName("a refusal decided on a stale image is decided again on the stream as it is: no append checks it")
  void refusalOnStaleImageIsCheckedAgainstTheLog() {
    var nodeA = runtime(false, 0, CommandEffects.none());
    var nodeB = runtime(false, 0, CommandEffects.none());
    assertThat(await(nodeA.handle(command("wallet-stale", new Withdraw(50))))).isInstanceOf(CommandResult.Rejected.class);
    accepted(nodeB.handle(command("wallet-stale", new Deposit(100))));

    CommandResult.Accepted<WalletEvent> handled = accepted(nodeA.handle(command("wallet-stale", new Withdraw(50))));
    accepted(nodeB.handle(command("wallet-stale", new Deposit(100))));
    Prepared<WalletEvent> prepared = await(nodeA.prepare(command("wallet-stale", new Withdraw(120))));

    assertThat(handled.events()).as("node A's image said balance 0").containsExactly(new Withdrawn(50));
    assertThat(prepared.refused()).as("node A's image said balance 50; the log says 150").isFalse();
    assertThat(prepared.events()).containsExactly(new Withdrawn(120));
    assertThat(prepared.append().expectedVersion()).isEqualTo(3);
  }

  @Test
  @DisplayName("two nodes' runtimes writing one stream: stale images conflict, decide again, and no update is lost")
  void concurrentWritersOnOneStream() {
    var nodeA = runtime(false, 0, CommandEffects.none());
    var nodeB = runtime(false, 0, CommandEffects.none());
    accepted(nodeA.handle(command("shared", new Deposit(1))));
    accepted(nodeB.handle(command("shared", new Deposit(1))));      // both images are now warm

    List<Future<CommandResult<WalletEvent>>> results = IntStream.range(0, 40)
      .mapToObj(i -> (i % 2 == 0 ? nodeA : nodeB).handle(command("shared", new Deposit(1)))).toList();
    await(Future.all(results));

    assertThat(results).allSatisfy(r -> assertThat(r.result()).isInstanceOf(CommandResult.Accepted.class));
    List<RecordedEvent> stream = await(new EventLog(pool).readStream("shared", 0));
    assertThat(stream).extracting(RecordedEvent::version).containsExactlyElementsOf(IntStream.rangeClosed(1, 42).boxed().toList());
  }

  @Test
  @DisplayName("a command sent again with its id returns the first outcome and appends nothing; another request with that id is refused")
  void idempotentCommands() {
    var wallets = runtime(false, 0, CommandEffects.none());
    UUID commandId = UUID.randomUUID();

    var first = accepted(wallets.handle(new Command<>("wallet-3", new Deposit(70), CommandContext.idempotent(commandId, "h1"))));
    var again = accepted(wallets.handle(new Command<>("wallet-3", new Deposit(70), CommandContext.idempotent(commandId, "h1"))));
    var reused = await(wallets.handle(new Command<>("wallet-3", new Deposit(99), CommandContext.idempotent(commandId, "h2"))));

    assertThat(first.replayed()).isFalse();
    assertThat(again.replayed()).isTrue();
    assertThat(again.events()).isEqualTo(first.events());
    assertThat(again.version()).isEqualTo(first.version());
    assertThat(reused).isEqualTo(new CommandResult.Rejected<>(CommandRuntime.KEY_REUSED));
    assertThat(db.count("select count(*) from events")).isEqualTo(1);
    assertThat(await(wallets.earlier(CommandContext.idempotent(commandId, "h1")))).as("looked up before deciding").contains(again);
    assertThat(await(wallets.earlier(CommandContext.idempotent(commandId, "h2"))))
      .contains(new CommandResult.Rejected<>(CommandRuntime.KEY_REUSED));
    assertThat(await(wallets.earlier(CommandContext.idempotent(UUID.randomUUID(), "h1")))).isEmpty();
  }

  @Test
  @DisplayName("the same command racing on two nodes is carried out once")
  void duplicateCommandRaceAppendsOnce() {
    var nodeA = runtime(false, 0, CommandEffects.none());
    var nodeB = runtime(false, 0, CommandEffects.none());
    UUID commandId = UUID.randomUUID();

    List<Future<CommandResult<WalletEvent>>> results = IntStream.range(0, 6)
      .mapToObj(i -> (i % 2 == 0 ? nodeA : nodeB).handle(new Command<>("wallet-" + i, new Deposit(5), CommandContext.idempotent(commandId, "h"))))
      .toList();
    await(Future.all(results));

    assertThat(db.count("select count(*) from events")).isEqualTo(1);
    assertThat(results).extracting(r -> ((CommandResult.Accepted<WalletEvent>) r.result()).replayed()).containsOnlyOnce(false);
  }

  @Test
  @DisplayName("a command retried while its first attempt is in flight, with a guarded write of its own (a name it reserves),"
    + " is answered with the first attempt's outcome, never refused by its own reservation")
  void retryRacingItsFirstAttemptReplaysIt() {
    await(db.connect().query("create table names (name text primary key, wallet text not null)").execute());
    CommandEffects<WalletEvent, Balance> reserveName = (stream, events, state) -> events.get(0) instanceof Deposited d
      ? List.of(SqlWrite.guarded("insert into names values ($1, $2) on conflict do nothing", Tuple.of(d.note(), stream),
          new Rejection("name-taken", "taken")))
      : List.of();
    var nodeA = runtime(false, 0, reserveName);
    var nodeB = runtime(false, 0, reserveName);
    UUID commandId = UUID.randomUUID();

    // Each attempt names a fresh stream, as a registration names a fresh customer: only the command id ties them.
    List<Future<CommandResult<WalletEvent>>> attempts = IntStream.range(0, 6)
      .mapToObj(i -> (i % 2 == 0 ? nodeA : nodeB).handle(Command.toNewStream("named-" + i, new Deposit(5), CommandContext.idempotent(commandId, "h"))))
      .toList();
    await(Future.join(attempts));

    assertThat(attempts).allSatisfy(r -> assertThat(r.result()).isInstanceOf(CommandResult.Accepted.class));
    assertThat(attempts).extracting(r -> ((CommandResult.Accepted<WalletEvent>) r.result()).replayed()).containsOnlyOnce(false);
    assertThat(db.count("select count(*) from events")).isEqualTo(1);
  }

  @Test
  @DisplayName("a command to a stream the caller just named appends without reading it; one to a stream that exists after all is decided again on what it holds")
  void newStreams() {
    var writer = runtime(false, 0, CommandEffects.none());
    accepted(writer.handle(command("taken", new Deposit(100))));
    LogRowCounter counter = new LogRowCounter();
    var wallets = new CommandRuntime<>(db.vertx, counter.around(pool), Appenders.solo(pool, PARTITIONS, CommitListener.NONE), Wallet.type(0),
      CommandEffects.none(), CommandRuntime.Options.defaults());

    var fresh = accepted(wallets.handle(Command.toNewStream("fresh", new Deposit(5), CommandContext.once())));
    long readsForFresh = counter.statements();
    var existing = accepted(wallets.handle(Command.toNewStream("taken", new Deposit(7), CommandContext.once())));
    var refused = await(wallets.handle(Command.toNewStream("taken", new Withdraw(500), CommandContext.once())));
    var withdrawn = accepted(wallets.handle(Command.toNewStream("taken", new Withdraw(107), CommandContext.once())));

    assertThat(fresh.version()).isEqualTo(1);
    assertThat(readsForFresh).as("log statements for a new stream").isZero();
    assertThat(existing.version()).as("appended after the stored event, not over it").isEqualTo(2);
    assertThat(refused).as("a refusal is decided on the stored balance of 107")
      .isEqualTo(new CommandResult.Rejected<>(new Rejection("insufficient-funds", "balance 107 is less than 500")));
    assertThat(withdrawn.events()).containsExactly(new Withdrawn(107));
    assertThat(await(new EventLog(pool).readStream("taken", 0))).extracting(RecordedEvent::version).containsExactly(1, 2, 3);
  }

  @Test
  @DisplayName("a new-stream command that finds its image refused decides on what the stream holds")
  void newStreamRefusalIsDecidedOnTheStream() {
    var writer = runtime(false, 0, CommandEffects.none());
    accepted(writer.handle(command("funded", new Deposit(100))));
    var wallets = runtime(false, 0, CommandEffects.none());

    var withdrawn = accepted(wallets.handle(Command.toNewStream("funded", new Withdraw(60), CommandContext.once())));

    assertThat(withdrawn.events()).as("the empty stream would refuse; the stored one has 100").containsExactly(new Withdrawn(60));
    assertThat(withdrawn.version()).isEqualTo(2);
  }

  @Test
  @DisplayName("decisions that append nothing, prepared side by side in one turn, read their streams past the images in one statement")
  void catchUpsOfOneTurnShareAStatement() {
    var nodeB = runtime(false, 0, CommandEffects.none());
    LogRowCounter counter = new LogRowCounter();
    var nodeA = new CommandRuntime<>(db.vertx, counter.around(pool), Appenders.solo(pool, PARTITIONS, CommitListener.NONE), Wallet.type(0),
      CommandEffects.none(), CommandRuntime.Options.defaults());
    List<String> streams = List.of("turn-1", "turn-2", "turn-3", "turn-4");
    streams.forEach(stream -> accepted(nodeA.handle(command(stream, new Deposit(10)))));
    accepted(nodeB.handle(command("turn-2", new Deposit(100))));     // node A's image of turn-2 is stale now
    long before = counter.statements();

    List<Prepared<WalletEvent>> prepared = await(onOneContext(() -> Future.all(streams.stream()
      .map(stream -> nodeA.prepare(command(stream, new Withdraw(50)))).toList()))).list();

    assertThat(counter.statements() - before).as("log statements for four catch-ups in one turn").isEqualTo(1);
    assertThat(prepared).extracting(Prepared::refused).containsExactly(true, false, true, true);
    assertThat(prepared.get(1).append().expectedVersion()).as("decided on what node B appended").isEqualTo(2);
  }

  @Test
  @DisplayName("a prepared command decides on its stream as stored while other nodes may write it, on the node's image otherwise")
  void preparedCommandsOnSharedStreams() {
    var nodeB = runtime(false, 0, CommandEffects.none());
    AtomicBoolean shared = new AtomicBoolean(false);
    var nodeA = new CommandRuntime<>(db.vertx, pool, Appenders.solo(pool, PARTITIONS, CommitListener.NONE), Wallet.type(0),
      CommandEffects.none(), CommandRuntime.Options.defaults().sharedWhen(shared::get));
    accepted(nodeA.handle(command("shared", new Deposit(10))));
    accepted(nodeB.handle(command("shared", new Deposit(100))));     // node A's image of the stream is stale now

    Prepared<WalletEvent> alone = await(nodeA.prepare(command("shared", new Deposit(1))));
    shared.set(true);
    Prepared<WalletEvent> withOthers = await(nodeA.prepare(command("shared", new Deposit(1))));

    assertThat(alone.append().expectedVersion()).as("decided on the image: its append will conflict").isEqualTo(1);
    assertThat(withOthers.append().expectedVersion()).as("decided on what node B appended").isEqualTo(2);
  }

  private <T> Future<T> onOneContext(java.util.function.Supplier<Future<T>> work) {
    io.vertx.core.Promise<T> promise = io.vertx.core.Promise.promise();
    db.vertx.getOrCreateContext().runOnContext(v -> work.get().onComplete(promise));
    return promise.future();
  }

  @Test
  @DisplayName("state is snapshotted every N events, and a node with a cold image reads the snapshot and only the events after it")
  void snapshots() {
    snapshottedStream();

    ColdLoad fromSnapshot = coldLoad(Wallet.type(5));

    assertDecidedOnTheWholeStream(fromSnapshot);
    assertReadOnlyTheTail(fromSnapshot);
  }

  @Test
  @DisplayName("negative control: a runtime that ignores the snapshot decides the same, but reads the whole stream, and the proof notices")
  void snapshotProofFailsWhenSnapshotsAreIgnored() {
    snapshottedStream();

    // Another state schema: the stored snapshot does not apply, so the runtime replays the stream from its start.
    ColdLoad ignoring = coldLoad(new AggregateType<>(Wallet.DECIDER, Wallet.EVENTS, new SnapshotPolicy<>(Balance.class, "balance.v0", 5)));

    assertDecidedOnTheWholeStream(ignoring);
    assertThat(ignoring.eventRowsRead()).isEqualTo(12);
    assertThatThrownBy(() -> assertReadOnlyTheTail(ignoring)).isInstanceOf(AssertionError.class);
  }

  /** Twelve deposits of 10 to stream "saver", snapshotted every 5 events: the latest snapshot is at version 10. */
  private void snapshottedStream() {
    var writer = runtime(false, 5, CommandEffects.none());
    for (int i = 0; i < 12; i++) {
      accepted(writer.handle(command("saver", new Deposit(10))));
    }
    Poll.until(Duration.ofSeconds(5),
      () -> db.count("select count(*) from snapshots where stream_id = 'saver' and version = 10") == 1, () -> "no snapshot at version 10");
  }

  /** What a node with a cold image decided on the 12-deposit stream "saver", and how many log rows it read for it. */
  private record ColdLoad(CommandResult<WalletEvent> refused, CommandResult<WalletEvent> done, long eventRowsRead) {
  }

  private ColdLoad coldLoad(AggregateType<WalletCommand, WalletEvent, Balance> type) {
    LogRowCounter counter = new LogRowCounter();
    var coldNode = new CommandRuntime<>(db.vertx, counter.around(pool), Appenders.solo(pool, PARTITIONS, CommitListener.NONE), type,
      CommandEffects.none(), CommandRuntime.Options.defaults());
    var refused = await(coldNode.handle(command("saver", new Withdraw(121))));
    var done = await(coldNode.handle(command("saver", new Withdraw(120))));
    return new ColdLoad(refused, done, counter.rowsRead());
  }

  private static void assertDecidedOnTheWholeStream(ColdLoad load) {
    assertThat(load.refused()).as("balance 120 refuses 121").isInstanceOf(CommandResult.Rejected.class);
    assertThat(load.done()).isInstanceOf(CommandResult.Accepted.class);
    assertThat(((CommandResult.Accepted<WalletEvent>) load.done()).version()).isEqualTo(13);
  }

  private static void assertReadOnlyTheTail(ColdLoad load) {
    assertThat(load.eventRowsRead()).as("log rows read after the snapshot at version 10 of 12").isEqualTo(2);
  }

  @Test
  @DisplayName("events stored under an old version are upcast when a stream is loaded: the new fields get their defaults")
  void upcastsOnLoad() {
    UUID legacyId = UUID.randomUUID();
    await(db.connect().preparedQuery("insert into events (stream_id, version, event_id, type, payload, partition) values ($1, 1, $2, 'wallet.Deposited.v1', '{\"amount\": 40}', $3)")
      .execute(Tuple.of("legacy", legacyId, (short) PARTITIONS.partitionOf("legacy"))));
    var wallets = runtime(false, 0, CommandEffects.none());

    RecordedEvent stored = await(new EventLog(pool).readStream("legacy", 0)).get(0);
    var refused = await(wallets.handle(command("legacy", new Withdraw(41))));
    var done = accepted(wallets.handle(command("legacy", new Withdraw(40))));

    assertThat(Wallet.EVENTS.decode(stored.type(), stored.payload())).isEqualTo(new Deposited(40, ""));
    assertThat(refused).as("decided on the upcast amount").isEqualTo(new CommandResult.Rejected<>(new Rejection("insufficient-funds", "balance 40 is less than 41")));
    assertThat(done.version()).isEqualTo(2);
  }

  @ParameterizedTest(name = "group commit: {0}")
  @ValueSource(booleans = {false, true})
  @DisplayName("a guarded write decides between commands racing for one name: exactly one wins, the others are refused alone")
  void guardedWritesRefuseTheLosers(boolean groupCommit) {
    await(db.connect().query("create table names (name text primary key, wallet text not null)").execute());
    CommandEffects<WalletEvent, Balance> reserveName = (stream, events, state) -> events.get(0) instanceof Deposited d
      ? List.of(SqlWrite.guarded("insert into names values ($1, $2) on conflict do nothing", Tuple.of(d.note(), stream),
          new Rejection("name-taken", "taken")))
      : List.of();
    var wallets = runtime(groupCommit, 0,
      (stream, events, state) -> stream.startsWith("named") ? reserveName.writes(stream, events, state) : List.of());

    List<Future<CommandResult<WalletEvent>>> racing = IntStream.range(0, 20)
      .mapToObj(i -> wallets.handle(command("named-" + i, new Deposit(1)))).toList();
    List<Future<CommandResult<WalletEvent>>> bystanders = IntStream.range(0, 20)
      .mapToObj(i -> wallets.handle(command("other-" + i, new Deposit(1)))).toList();
    await(Future.join(racing));
    await(Future.join(bystanders));

    assertThat(racing).filteredOn(r -> r.result() instanceof CommandResult.Accepted).hasSize(1);
    assertThat(racing).filteredOn(r -> r.result() instanceof CommandResult.Rejected<WalletEvent> rej && rej.rejection().code().equals("name-taken")).hasSize(19);
    assertThat(bystanders).allSatisfy(r -> assertThat(r.result()).isInstanceOf(CommandResult.Accepted.class));
    assertThat(db.count("select count(*) from events where stream_id like 'named-%'")).isEqualTo(1);
    assertThat(db.count("select count(*) from events where stream_id like 'other-%'")).isEqualTo(20);
  }

  @Test
  @DisplayName("group commit: concurrent commands share transactions, and each is acknowledged after its own commit")
  void groupCommitSharesTransactions() {
    Appender appender = Appenders.groupCommit(db.vertx, pool, PARTITIONS, Appenders.GroupOptions.defaults(), CommitListener.NONE);
    var wallets = new CommandRuntime<>(db.vertx, pool, appender, Wallet.type(0), CommandEffects.none(), CommandRuntime.Options.defaults());

    List<Future<CommandResult<WalletEvent>>> results = IntStream.range(0, 500)
      .mapToObj(i -> wallets.handle(command("w-" + i, new Deposit(i)))).toList();
    await(Future.all(results));

    assertThat(db.count("select count(*) from events")).isEqualTo(500);
    assertThat(appender.committedAppends()).isEqualTo(500);
    assertThat(appender.transactions()).as("transactions for 500 commands").isLessThan(100);
  }

  private CommandRuntime<WalletCommand, WalletEvent, Balance> runtime(boolean groupCommit, int snapshotEvery,
                                                                      CommandEffects<WalletEvent, Balance> effects) {
    Appender appender = groupCommit
      ? Appenders.groupCommit(db.vertx, pool, PARTITIONS, Appenders.GroupOptions.defaults(), CommitListener.NONE)
      : Appenders.solo(pool, PARTITIONS, CommitListener.NONE);
    return new CommandRuntime<>(db.vertx, pool, appender, Wallet.type(snapshotEvery), effects, CommandRuntime.Options.defaults());
  }

  private static Command<WalletCommand> command(String stream, WalletCommand payload) {
    return new Command<>(stream, payload, CommandContext.once());
  }

  @SuppressWarnings("unchecked")
  private static CommandResult.Accepted<WalletEvent> accepted(Future<CommandResult<WalletEvent>> result) {
    CommandResult<WalletEvent> outcome = await(result);
    assertThat(outcome).isInstanceOf(CommandResult.Accepted.class);
    return (CommandResult.Accepted<WalletEvent>) outcome;
  }
}
