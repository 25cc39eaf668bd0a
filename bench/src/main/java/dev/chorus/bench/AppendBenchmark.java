package dev.chorus.bench;

import dev.chorus.platform.command.Appender;
import dev.chorus.platform.command.Appenders;
import dev.chorus.platform.command.CommitListener;
import dev.chorus.platform.command.Command;
import dev.chorus.platform.command.CommandContext;
import dev.chorus.platform.command.CommandEffects;
import dev.chorus.platform.command.CommandResult;
import dev.chorus.platform.command.CommandRuntime;
import dev.chorus.platform.db.DatabaseUrl;
import dev.chorus.platform.db.SchemaMigrations;
import dev.chorus.platform.eventstore.Partitioner;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Appends through the kernel (decide, append with an expected version, acknowledge after commit) and, in the
 * same run on the same server at the same concurrency, single-row INSERT transactions of the same event row
 * into a table with the log's shape and indexes, on the same streams (so that index pages are touched alike):
 * what storing the events costs without the kernel. The ratio is the kernel's figure over that one. A one-row
 * insert into a one-index table (what pgbench's insert-only script measures) is printed beside it.
 * <p>
 * Options: {@code --db URL|embedded} (default embedded), {@code --mode group|plain} (default group),
 * {@code --streams} (10000), {@code --events} (200000), {@code --concurrency} (64), {@code --events-per-command} (1).
 */
final class AppendBenchmark {

  private static final int ROUNDS = 4;

  private AppendBenchmark() {
  }

  static void run(BenchOptions options) throws Exception {
    int streams = options.integer("streams", 10_000);
    int events = options.integer("events", 200_000);
    int concurrency = options.integer("concurrency", 64);
    int perCommand = options.integer("events-per-command", 1);
    boolean group = options.string("mode", "group").equals("group");
    DatabaseUrl url = BenchDatabase.from(options.string("db", "embedded"));
    String schema = "bench_" + System.currentTimeMillis();
    new SchemaMigrations(url).migrate(List.of(schema));
    int commands = events / perCommand;

    Vertx vertx = Vertx.vertx();
    PgConnectOptions connect = url.connectOptions();
    connect.getProperties().put("search_path", schema);
    Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(group ? 16 : concurrency + 8)).connectingTo(connect).using(vertx).build();
    await(pool.query("create table raw_events (like events including all)").execute());
    await(pool.query("create sequence raw_versions").execute());
    await(pool.query("create table raw_rows (id bigint generated always as identity primary key, stream_id text not null, payload jsonb not null)").execute());
    Partitioner partitioner = new Partitioner(Partitioner.DEFAULT_PARTITIONS);
    Appender appender = group
      ? Appenders.groupCommit(vertx, pool, partitioner, new Appenders.GroupOptions(256, options.integer("in-flight", Appenders.GroupOptions.defaults().maxInFlight()), 10_000),
        CommitListener.NONE)
      : Appenders.solo(pool, partitioner, CommitListener.NONE);
    var runtime = new CommandRuntime<>(vertx, pool, appender, Counter.TYPE, CommandEffects.none(), CommandRuntime.Options.defaults());

    System.out.printf("append benchmark: %s mode, %d streams, %d events, %d per command, concurrency %d, server %s, %d cores%n",
      group ? "group-commit" : "plain", streams, events, perCommand, concurrency, url, Runtime.getRuntime().availableProcessors());
    Supplier<Future<?>> command = () -> runtime.handle(new Command<>(
        "counter-" + ThreadLocalRandom.current().nextInt(streams), new Counter.Increment(perCommand), CommandContext.once()))
      .map(result -> {
        if (!(result instanceof CommandResult.Accepted)) {
          throw new IllegalStateException("refused: " + result);
        }
        return result;
      });
    Pool raw = PgBuilder.pool().with(new PoolOptions().setMaxSize(concurrency)).connectingTo(connect).using(vertx).build();
    String metadata = "{\"correlationId\":\"" + UUID.randomUUID() + "\"}";
    Supplier<Future<?>> insertEvent = () -> {
      String stream = "counter-" + ThreadLocalRandom.current().nextInt(streams);
      return raw.preparedQuery("insert into raw_events (stream_id, version, event_id, type, payload, metadata, partition)"
          + " values ($1, nextval('raw_versions'), $2, 'bench.Incremented.v1', $3::text::jsonb, $4::text::jsonb, $5)")
        .execute(Tuple.of(stream, UUID.randomUUID(), "{\"by\":1}", metadata, (short) partitioner.partitionOf(stream)));
    };
    Supplier<Future<?>> insertRow = () -> raw.preparedQuery("insert into raw_rows (stream_id, payload) values ($1, $2::text::jsonb)")
      .execute(Tuple.of("counter-" + ThreadLocalRandom.current().nextInt(streams), "{\"by\":1}"));

    warmUp(vertx, runtime, streams, perCommand, concurrency);
    measure(vertx, insertEvent, Math.max(1_000, commands / 10), concurrency);
    measure(vertx, insertRow, Math.max(1_000, commands / 10), concurrency);
    Result kernel = new Result(0, new Latencies(commands));
    Result reference = new Result(0, new Latencies(commands));
    Result minimal = new Result(0, new Latencies(commands));
    for (int round = 0; round < ROUNDS; round++) {   // interleaved, so that drift (checkpoints, table growth) hits all three alike
      kernel = kernel.plus(measure(vertx, command, commands / ROUNDS, concurrency));
      reference = reference.plus(measure(vertx, insertEvent, commands / ROUNDS, concurrency));
      minimal = minimal.plus(measure(vertx, insertRow, commands / ROUNDS, concurrency));
    }

    double appended = kernel.perSecond() * perCommand;
    double txPerSecond = reference.perSecond();
    System.out.printf("transactions per command: %.3f (%d transactions for %d appends)%n",
      appender.transactions() / (double) Math.max(1, appender.committedAppends()), appender.transactions(), appender.committedAppends());
    System.out.printf("raw insert of an event row (same table shape and indexes as the log): %.0f tx/s, p50 %.2f ms, p99 %.2f ms%n",
      reference.perSecond(), reference.latencies().percentileMillis(50), reference.latencies().percentileMillis(99));
    System.out.printf("one-row insert into a one-index table (pgbench-style reference): %.0f tx/s, p50 %.2f ms, p99 %.2f ms%n",
      minimal.perSecond(), minimal.latencies().percentileMillis(50), minimal.latencies().percentileMillis(99));
    System.out.printf("append: %.0f events/s (p50 %.2f ms, p99 %.2f ms) | raw insert: %.0f tx/s | ratio %.2f%n",
      appended, kernel.latencies().percentileMillis(50), kernel.latencies().percentileMillis(99), txPerSecond, appended / txPerSecond);
    await(vertx.close());
  }

  private record Result(int operations, double seconds, Latencies latencies) {
    Result(double seconds, Latencies latencies) {
      this(0, seconds, latencies);
    }

    double perSecond() {
      return operations / seconds;
    }

    Result plus(Result round) {
      latencies.addAll(round.latencies());
      return new Result(operations + round.operations(), seconds + round.seconds(), latencies);
    }
  }

  /** One command per stream, so that the measured run sees the node's image warm, as a running node does. */
  private static void warmUp(Vertx vertx, CommandRuntime<Counter.Increment, Counter.Incremented, Integer> runtime, int streams,
                             int perCommand, int concurrency) throws Exception {
    AtomicInteger next = new AtomicInteger();
    measure(vertx, () -> runtime.handle(new Command<>("counter-" + (next.getAndIncrement() % streams),
      new Counter.Increment(perCommand), CommandContext.once())), streams, concurrency);
  }

  /**
   * {@code concurrency} clients, each with one operation in flight, until {@code total} operations are done.
   * Clients are spread over the event loops, as a node's web verticles are.
   */
  private static Result measure(Vertx vertx, Supplier<Future<?>> operation, int total, int concurrency) throws Exception {
    Latencies latencies = new Latencies(total);
    AtomicInteger started = new AtomicInteger();
    AtomicInteger finished = new AtomicInteger();
    Promise<Void> done = Promise.promise();
    long begin = System.nanoTime();
    for (int client = 0; client < concurrency; client++) {
      vertx.getOrCreateContext().runOnContext(v -> next(operation, total, started, finished, latencies, done));
    }
    await(done.future());
    return new Result(total, (System.nanoTime() - begin) / 1e9, latencies);
  }

  private static void next(Supplier<Future<?>> operation, int total, AtomicInteger started, AtomicInteger finished,
                           Latencies latencies, Promise<Void> done) {
    if (started.incrementAndGet() > total) {
      return;
    }
    long begin = System.nanoTime();
    operation.get().onComplete(result -> {
      if (result.failed()) {
        done.tryFail(result.cause());
        return;
      }
      latencies.record(System.nanoTime() - begin);
      if (finished.incrementAndGet() == total) {
        done.tryComplete();
      } else {
        next(operation, total, started, finished, latencies, done);
      }
    });
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
  }
}
