package dev.chorus.launcher;

import dev.chorus.platform.context.BoundedContext;
import dev.chorus.platform.context.ContextRuntime;
import dev.chorus.platform.context.ContextSettings;
import dev.chorus.platform.context.HostedElsewhere;
import dev.chorus.platform.db.DatabaseUrl;
import dev.chorus.platform.eventstore.Partitioner;
import dev.chorus.platform.subscription.LogHints;
import dev.chorus.platform.trace.TraceService;
import dev.chorus.platform.subscription.LogService;
import dev.chorus.platform.subscription.ParkedOperations;
import dev.chorus.platform.subscription.SubscriptionRegistry;
import dev.chorus.platform.ops.ClusterDirectory;
import dev.chorus.platform.ops.ClusterMembership;
import dev.chorus.platform.ops.NodeStatus;
import dev.chorus.platform.ops.OldestTransaction;
import dev.chorus.platform.ops.Readiness;
import dev.chorus.platform.ops.ReadinessCheck;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnectOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The node: binds its HTTP port, waits for its database, checks that it is the cluster's, starts the contexts it
 * hosts, and says it is ready.
 * Its connections to the database stay within its {@link ConnectionBudget}.
 */
final class NodeVerticle extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger("chorus");

  private final NodeConfig config;
  private final List<BoundedContext> contexts;
  private final ConnectionBudget budget;
  private final CompletableFuture<ProvisionedDatabase> provisioning;
  private final ClusterDirectory directory;
  private final PrometheusMeterRegistry registry;
  private final Optional<String> tokenKey;
  private final SubscriptionRegistry subscriptions = new SubscriptionRegistry();
  private Future<ProvisionedDatabase> database;

  NodeVerticle(NodeConfig config, List<BoundedContext> contexts, ConnectionBudget budget, CompletableFuture<ProvisionedDatabase> provisioning,
               ClusterDirectory directory, PrometheusMeterRegistry registry, Optional<String> tokenKey) {
    this.tokenKey = tokenKey;
    this.config = config;
    this.contexts = contexts;
    this.budget = budget;
    this.provisioning = provisioning;
    this.directory = directory;
    this.registry = registry;
  }

  @Override
  public Future<?> start() {
    database = Future.fromCompletionStage(provisioning, context);
    ClusterMembership membership = new ClusterMembership(directory);
    List<HostedContext> hosted = contexts.stream()
      .map(c -> new HostedContext(c, new ContextRuntime(vertx, pool(c.name(), budget.transactionsPerContext()), reads(c.name(), budget.readsPerContext()),
        directory.localNodeId(),
        new Partitioner(Partitioner.DEFAULT_PARTITIONS), registry, new LogHints(vertx, c.name()), membership, subscriptions,
        new ContextSettings(c.name(), config.settings().getOrDefault(c.name(), Map.of())),
        HostedElsewhere.watch(vertx, membership, c.name(), directory.localNodeId()))))
      .toList();
    Pool ops = pool(null, ConnectionBudget.OPERATIONS);
    OldestTransaction oldest = OldestTransaction.register(registry);
    DatabaseReachability reachability = new DatabaseReachability(vertx, ops);
    Readiness readiness = readiness(hosted, oldest, reachability);
    return NodeStatus.serve(vertx, directory.localNodeId(), readiness, subscriptions, this::appended)
      .compose(v -> new ParkedOperations(vertx, subscriptions).serve(directory.localNodeId()))
      .compose(v -> deployWeb(hosted, readiness, reachability))
      .compose(v -> database)
      .compose(db -> ClusterDatabase.claim(vertx, db.identity()))
      .onSuccess(v -> oldest.sample(vertx, ops))
      .compose(db -> Future.all(hosted.stream().map(h -> LogService.serve(vertx, h.name(), h.runtime().reads())).toList()))
      .compose(v -> Future.all(hosted.stream().map(h -> TraceService.serve(vertx, h.name(), h.runtime().reads())).toList()))
      .compose(v -> Future.all(hosted.stream().map(HostedContext::start).toList()))
      .onSuccess(v -> announceReady(hosted));
  }

  private Future<String> deployWeb(List<HostedContext> hosted, Readiness readiness, DatabaseReachability reachability) {
    int instances = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    return vertx.deployVerticle(() -> new WebVerticle(config.security().httpHost(), config.httpPort(), tokenKey, hosted, directory, readiness,
        registry, subscriptions, reachability),
      new DeploymentOptions().setInstances(instances));
  }

  /** A pool whose server is known once the database is provisioned; {@code schema} becomes its search path. */
  private Pool pool(String schema, int size) {
    return PgBuilder.pool()
      .with(new PoolOptions().setMaxSize(size).setMaxWaitQueueSize(ConnectionBudget.WAIT_QUEUE).setName(schema == null ? "ops" : schema))
      .with(DatabaseUrl.transport())
      .connectingTo(() -> database.map(db -> connectOptions(db, schema)))
      .using(vertx)
      .build();
  }

  /** Pipelined connections for reads and single statements: many in flight on each connection. */
  private SqlClient reads(String schema, int size) {
    return PgBuilder.client()
      .with(new PoolOptions().setMaxSize(size).setMaxWaitQueueSize(ConnectionBudget.WAIT_QUEUE)
        .setName(schema + "-reads"))
      .with(DatabaseUrl.transport())
      .connectingTo(() -> database.map(db -> connectOptions(db, schema)))
      .using(vertx)
      .build();
  }

  private static SqlConnectOptions connectOptions(ProvisionedDatabase db, String schema) {
    PgConnectOptions options = db.url().connectOptions();
    if (schema != null) {
      options.getProperties().put("search_path", schema);
    }
    return options;
  }

  /** Per hosted context, the events this node appended since it started. */
  private JsonObject appended() {
    JsonObject appended = new JsonObject();
    registry.find("chorus.appends.committed").functionCounters()
      .forEach(counter -> appended.put(counter.getId().getTag("context"), (long) counter.count()));
    return appended;
  }

  private Readiness readiness(List<HostedContext> hosted, OldestTransaction oldest, DatabaseReachability reachability) {
    Map<String, ReadinessCheck> checks = new LinkedHashMap<>();
    checks.put("cluster", () -> directory.joined() ? Future.succeededFuture() : Future.failedFuture("not joined"));
    checks.put("database", () -> !database.isComplete()
      ? Future.failedFuture("starting and migrating")
      : database.compose(db -> reachability.ask())
          .recover(e -> Future.failedFuture("unreachable: " + StartupFailure.describe(e))));
    checks.put("log", oldest.stall());
    checks.put("contexts", () -> {
      List<String> starting = hosted.stream().filter(h -> !h.started()).map(HostedContext::name).toList();
      return starting.isEmpty() ? Future.succeededFuture() : Future.failedFuture("starting " + String.join(", ", starting));
    });
    return new Readiness(checks);
  }

  private void announceReady(List<HostedContext> hosted) {
    ProvisionedDatabase db = database.result();
    log.info("ready in {} ms · node {} · http://{} · contexts [{}] · database {} (at most {} connections) · cluster of {} node(s)",
      ManagementFactory.getRuntimeMXBean().getUptime(),
      directory.localNodeId(),
      config.security().httpHost() + ":" + config.httpPort(),
      String.join(", ", hosted.stream().map(HostedContext::name).toList()),
      db.describe(),
      budget.opened(hosted.size()),
      directory.size());
  }
}
