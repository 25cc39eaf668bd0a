package dev.chorus.platform.subscription;

import dev.chorus.platform.eventstore.Checkpoint;
import dev.chorus.platform.eventstore.Partitioner;
import dev.chorus.platform.web.BusAnswers;
import dev.chorus.platform.web.JsonInput;
import dev.chorus.platform.web.Problem;
import dev.chorus.platform.web.ProblemException;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Runs one subscription on one node: takes the partitions that rendezvous hashing gives this node among
 * the nodes hosting the consuming context that reach its database ({@link Presence}), gives back those it no longer
 * wins, and wakes its partition workers on the source's hints. Re-evaluated every second and whenever a lease is lost.
 * A partition held by a node that reaches the database but is missing from this node's view of the cluster is left to
 * it (see {@link PartitionLeases}); when the view changes, or this node reaches the database again, workers whose lease
 * was taken meanwhile are dropped at once rather than at their next commit.
 * <p>
 * Hints may be lost (a cluster connection that drops), so a safety poll asks the source, every
 * {@link SubscriptionOptions#idlePollMs}, how many events wait behind the checkpoints of the partitions waiting for
 * events — one question for all of them — and wakes those that have some. An idle node so asks one question per
 * subscription, not one read per partition.
 */
public final class SubscriptionVerticle extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(SubscriptionVerticle.class);

  private static final long REBALANCE_MS = 1_000;
  /** A rebalance that has not decided within this long gives way to the next one. */
  private static final long REBALANCE_LIMIT_MS = 5_000;
  private static final long LAG_SAMPLE_MS = 5_000;

  private final Subscription subscription;
  private final String consumerContext;
  private final String nodeId;
  private final Membership membership;
  private final Presence presence;
  private final Pool pool;
  private final SqlClient reads;
  private final Partitioner ownPartitioner;
  private final LogHints ownHints;
  private final MeterRegistry meters;
  private final SubscriptionOptions options;
  private final Function<Pool, PartitionLeases> leasesOf;
  private final Map<Integer, PartitionWorker> workers = new TreeMap<>();
  private final Set<Integer> starting = new HashSet<>();
  /** Partitions this node would own but leaves to a node it cannot see; replaced, never changed, as it is read elsewhere. */
  private volatile Set<Integer> heldElsewhere = Set.of();
  private Set<String> verifiedView = Set.of();
  private int verifiedRecoveries;
  private SubscriptionDeps deps;
  private volatile Set<Integer> owned = Set.of();
  private PartitionHints hints;
  /** Once stopping, a worker that finishes starting listens to no hint (the verticle's handlers are going away). */
  private boolean stopping;
  private boolean rebalancing;

  public SubscriptionVerticle(Subscription subscription, String consumerContext, String nodeId, Membership membership, Presence presence,
                              Pool pool, SqlClient reads, Partitioner ownPartitioner, LogHints ownHints, MeterRegistry meters,
                              SubscriptionOptions options) {
    this(subscription, consumerContext, nodeId, membership, presence, pool, reads, ownPartitioner, ownHints, meters, options,
      PartitionLeases::new);
  }

  /** With another kind of lease: the kernel's tests run the same scenarios against a deliberately broken one. */
  SubscriptionVerticle(Subscription subscription, String consumerContext, String nodeId, Membership membership, Presence presence, Pool pool,
                       SqlClient reads, Partitioner ownPartitioner, LogHints ownHints, MeterRegistry meters, SubscriptionOptions options,
                       Function<Pool, PartitionLeases> leasesOf) {
    this.subscription = subscription;
    this.consumerContext = consumerContext;
    this.nodeId = nodeId;
    this.membership = membership;
    this.presence = presence;
    this.pool = pool;
    this.reads = reads;
    this.ownPartitioner = ownPartitioner;
    this.ownHints = ownHints;
    this.meters = meters;
    this.options = options;
    this.leasesOf = leasesOf;
  }

  @Override
  public Future<?> start() {
    PartitionLeases leases = leasesOf.apply(pool);
    deps = new SubscriptionDeps(pool, reads, leases, new RemoteLog(vertx, subscription.source()),
      new ConsumerCommits(vertx, pool, ownPartitioner, subscription.name(), leases), ownPartitioner, ownHints,
      new SubscriptionMetrics(meters, subscription.name()), options);
    hints = new PartitionHints(vertx, subscription.source(), this::hinted);
    MessageConsumer<Object> operations = vertx.eventBus().consumer(SubscriptionAddresses.operations(subscription.name(), nodeId),
      BusAnswers.answering(BusAnswers::json, this::operate));
    MessageConsumer<JsonObject> replays = vertx.eventBus().consumer(SubscriptionAddresses.replayed(subscription.name()),
      message -> restartAll());
    return Future.all(operations.completion(), replays.completion())
      .compose(v -> leases.ensure(subscription.name(), subscription.partitions()))
      .onSuccess(v -> {
        vertx.setPeriodic(0, REBALANCE_MS, id -> rebalance());
        vertx.setPeriodic(options.idlePollMs(), id -> safetyPoll());
        vertx.setPeriodic(LAG_SAMPLE_MS, id -> sampleLags());
        vertx.setPeriodic(REBALANCE_MS, 5 * REBALANCE_MS, id -> new ParkedEvents(pool).count(subscription.name())
          .onSuccess(count -> deps.metrics().parked(count)));
      });
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    List<Future<Void>> stopped = new ArrayList<>();
    workers.values().forEach(worker -> stopped.add(worker.stop(true)));
    workers.clear();
    ownedChanged();
    return Future.join(stopped);
  }

  /** The partitions whose hints this node listens to now: those it owns. */
  Set<Integer> partitionsHinted() {
    return hints.listened();
  }

  /** The partitions this node owns now (for work that follows partition ownership, such as deadlines). */
  public Set<Integer> ownedPartitions() {
    return owned;
  }

  /**
   * This node's partitions (partition, epoch, checkpoint, lag), and those it would own but leaves to a node that holds
   * them and reaches the database while this node cannot see it ({@code heldElsewhere}: the cluster is split). Read on
   * the subscription's context, where its partitions come and go (before it is deployed, there are none).
   */
  public Future<JsonObject> status() {
    if (context == null) {
      return Future.succeededFuture(statusHere());
    }
    Promise<JsonObject> status = Promise.promise();
    context.runOnContext(v -> status.complete(statusHere()));
    return status.future();
  }

  private JsonObject statusHere() {
    JsonArray partitions = new JsonArray();
    workers.values().forEach(worker -> partitions.add(worker.status()));
    return new JsonObject().put("subscription", subscription.name()).put("source", subscription.source()).put("partitions", partitions)
      .put("heldElsewhere", new JsonArray(heldElsewhere.stream().sorted().toList()));
  }

  private void rebalance() {
    if (rebalancing) {
      return;
    }
    rebalancing = true;
    presence.beatIfDue();
    membership.nodesHosting(consumerContext)
      .map(nodes -> presence.filter(nodes.contains(nodeId) ? nodes : withSelf(nodes)))
      .compose(view -> dropTakenLeases(view).map(view))
      .timeout(REBALANCE_LIMIT_MS, TimeUnit.MILLISECONDS)
      .onSuccess(this::assign)
      .onComplete(ignored -> rebalancing = false);
  }

  /**
   * Once per change of the view or return to the database: stops the workers whose lease another node took meanwhile (an
   * idle worker would learn it only at its next commit, and meanwhile stand for an owner that is not).
   */
  private Future<Void> dropTakenLeases(List<String> view) {
    Set<String> seen = Set.copyOf(view);
    int recoveries = presence.recoveries();
    if (seen.equals(verifiedView) && recoveries == verifiedRecoveries) {
      return Future.succeededFuture();
    }
    return deps.leases().states(subscription.name()).onSuccess(states -> {
      verifiedView = seen;
      verifiedRecoveries = recoveries;
      for (PartitionLeases.PartitionState state : states) {
        PartitionWorker worker = workers.get(state.partition());
        if (worker != null && state.epoch() > worker.epoch()) {
          workers.remove(state.partition());
          ownedChanged();
          worker.stop(false);
        }
      }
    }).<Void>mapEmpty().otherwiseEmpty();
  }

  private void assign(List<String> nodes) {
    for (int partition = 0; partition < subscription.partitions(); partition++) {
      boolean mine = nodeId.equals(Rendezvous.owner(subscription.source(), partition, nodes));
      PartitionWorker worker = workers.get(partition);
      if (mine && worker == null && !starting.contains(partition)) {
        startWorker(partition, nodes);
      } else if (!mine) {
        heldElsewhere(partition, false);
      }
      if (!mine && worker != null) {
        workers.remove(partition);
        ownedChanged();
        worker.stop(true);
      }
    }
  }

  private void startWorker(int partition, List<String> view) {
    starting.add(partition);
    PartitionWorker worker = new PartitionWorker(vertx, context, subscription, partition, nodeId, deps,
      () -> context.runOnContext(v -> lost(partition)));
    worker.start(view)
      .onSuccess(v -> {
        workers.put(partition, worker);
        ownedChanged();
        if (heldElsewhere(partition, false)) {
          log.info("took partition {} of {}, which a node outside this node's view of the cluster held", partition, subscription.name());
        }
      })
      .onFailure(e -> {
        if (e instanceof PartitionLeases.HeldElsewhere && heldElsewhere(partition, true)) {
          log.info("{}: left to it (a node joining or leaving, or a split cluster)", e.getMessage());
        }
      })
      .onComplete(ignored -> starting.remove(partition));
  }

  /** Marks {@code partition} as held elsewhere or not; whether that changed anything. */
  private boolean heldElsewhere(int partition, boolean held) {
    if (heldElsewhere.contains(partition) == held) {
      return false;
    }
    Set<Integer> changed = new HashSet<>(heldElsewhere);
    if (held) {
      changed.add(partition);
    } else {
      changed.remove(partition);
    }
    heldElsewhere = Set.copyOf(changed);
    return true;
  }

  /** A lease was taken from us (by a rebalance elsewhere or a replay): forget the worker; the next rebalance decides. */
  private void lost(int partition) {
    workers.remove(partition);
    ownedChanged();
    rebalance();
  }

  private void restartAll() {
    new ArrayList<>(workers.keySet()).forEach(partition -> workers.remove(partition).stop(false));
    ownedChanged();
    rebalance();
  }

  /**
   * Wakes the partitions waiting for events that have some behind their checkpoint, counted in one request; the
   * others are woken as they are (an idle one saves a checkpoint its batches without effects moved, a busy one
   * ignores it). If the count fails, every waiting partition reads.
   */
  private void safetyPoll() {
    Map<Integer, Checkpoint> waiting = new TreeMap<>();
    workers.forEach((partition, worker) -> {
      if (worker.waitsForEvents()) {
        waiting.put(partition, worker.checkpoint());
      } else {
        worker.wake();
      }
    });
    if (waiting.isEmpty()) {
      return;
    }
    deps.log().lags(waiting)
      .onSuccess(lags -> lags.forEach((partition, lag) -> {
        PartitionWorker worker = workers.get(partition);
        if (lag > 0 && worker != null) {
          worker.wake();
        }
      }))
      .onFailure(e -> waiting.keySet().forEach(partition -> {
        PartitionWorker worker = workers.get(partition);
        if (worker != null) {
          worker.wake();
        }
      }));
  }

  /** Counts, for every partition this node owns, the events behind its checkpoint: one request, one statement. */
  private void sampleLags() {
    if (workers.isEmpty()) {
      return;
    }
    Map<Integer, PartitionWorker> sampled = new TreeMap<>(workers);
    Map<Integer, Checkpoint> checkpoints = new TreeMap<>();
    sampled.forEach((partition, worker) -> checkpoints.put(partition, worker.checkpoint()));
    deps.log().lags(checkpoints).onSuccess(lags -> lags.forEach((partition, lag) -> {
      PartitionWorker worker = sampled.get(partition);
      if (worker != null) {
        worker.lag(lag);
      }
    }));
  }

  /** The partitions this node owns are those it has workers for; it hears the hints of those only. */
  private void ownedChanged() {
    owned = Set.copyOf(workers.keySet());
    hints.listenTo(stopping ? Set.of() : owned);
  }

  private void hinted(int partition) {
    PartitionWorker worker = workers.get(partition);
    if (worker != null) {
      worker.hint();
    }
  }

  private Future<JsonObject> operate(JsonObject request) {
    UUID eventId = JsonInput.uuid("eventId", request.getString("eventId"));
    Integer partition = request.getInteger("partition");
    PartitionWorker worker = partition == null ? null : workers.get(partition);
    if (worker == null) {
      return Future.failedFuture(new ProblemException(Problem.conflict("partition-not-owned",
        "this node does not own partition " + partition + " of " + subscription.name())));
    }
    return ("skip".equals(request.getString("action")) ? worker.skip(eventId) : worker.retry(eventId))
      .recover(refused -> Future.failedFuture(refused instanceof ProblemException ? refused
        : new ProblemException(Problem.conflict("operation-refused", refused.getMessage()))));
  }

  private List<String> withSelf(List<String> nodes) {
    List<String> all = new ArrayList<>(nodes);
    all.add(nodeId);
    return all;
  }
}
