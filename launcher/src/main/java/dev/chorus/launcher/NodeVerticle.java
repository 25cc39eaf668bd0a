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
import java.util.stream.Collectors;

/**
 * The node: binds its HTTP port, waits for its database, checks that it is the cluster's, starts the contexts it
 * hosts, and says it is ready.
 * Its connections to the database stay within its {@link ConnectionBudget}.
 */
final class NodeVerticle extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger("chorus");

  private final NodeConfig config;
  private final List<BoundedContext> contexts;
  private final DatabaseLayout layout;
  private final CompletableFuture<ProvisionedDatabases> provisioning;
  private final ClusterDirectory directory;
  private final PrometheusMeterRegistry registry;
  private final Optional<String> tokenKey;
  private final SubscriptionRegistry subscriptions = new SubscriptionRegistry();
  private Future<ProvisionedDatabases> databases;

  NodeVerticle(NodeConfig config, List<BoundedContext> contexts, DatabaseLayout layout, CompletableFuture<ProvisionedDatabases> provisioning,
               ClusterDirectory directory, PrometheusMeterRegistry registry, Optional<String> tokenKey) {
    this.tokenKey = tokenKey;
    this.config = config;
    this.contexts = contexts;
    this.layout = layout;
    this.provisioning = provisioning;
    this.directory = directory;
    this.registry = registry;
  }

  @Override
  public Future<?> start() {
    databases = Future.fromCompletionStage(provisioning, context);
    Map<DatabaseChoice, NodeDatabase> used = new LinkedHashMap<>();
    layout.placed().keySet().forEach(choice -> {
      Pool operations = pool(choice, null, ConnectionBudget.OPERATIONS);
      used.put(choice, new NodeDatabase(choice, operations, new DatabaseReachability(vertx, operations, choice),
        OldestTransaction.register(registry, choice.toString())));
    });
    ClusterMembership membership = new ClusterMembership(directory);
    List<HostedContext> hosted = contexts.stream().map(c -> {
      DatabaseChoice choice = layout.databaseOf(c.name());
      ConnectionBudget budget = layout.budget(choice);
      return new HostedContext(c, new ContextRuntime(vertx, pool(choice, c.name(), budget.transactionsPerContext()),
        reads(choice, c.name(), budget.readsPerContext()), directory.localNodeId(),
        new Partitioner(Partitioner.DEFAULT_PARTITIONS), registry, new LogHints(vertx, c.name()), membership, subscriptions,
        new ContextSettings(c.name(), config.settings().getOrDefault(c.name(), Map.of())),
        HostedElsewhere.watch(vertx, membership, c.name(), directory.localNodeId())), used.get(choice).reachability());
    }).toList();
    List<NodeDatabase> nodeDatabases = List.copyOf(used.values());
    Readiness readiness = readiness(hosted, nodeDatabases);
    return NodeStatus.serve(vertx, directory.localNodeId(), readiness, subscriptions, this::appended)
      .compose(v -> new ParkedOperations(vertx, subscriptions).serve(directory.localNodeId()))
      .compose(v -> deployWeb(hosted, readiness, nodeDatabases.stream().map(NodeDatabase::reachability).toList()))
      .compose(v -> databases)
      .compose(dbs -> ClusterDatabase.claim(vertx, hosted.stream().collect(Collectors.toMap(HostedContext::name,
        h -> dbs.of(layout.databaseOf(h.name())).identity()))))
      .onSuccess(v -> nodeDatabases.forEach(db -> db.oldest().sample(vertx, db.operations())))
      .compose(v -> Future.all(hosted.stream().map(h -> LogService.serve(vertx, h.name(), h.runtime().reads())).toList()))
      .compose(v -> Future.all(hosted.stream().map(h -> TraceService.serve(vertx, h.name(), h.runtime().reads())).toList()))
      .compose(v -> Future.all(hosted.stream().map(HostedContext::start).toList()))
      .onSuccess(v -> announceReady(hosted));
  }

  /** A database the node uses: its operations' connection, whether it is reached, and its oldest writing transaction. */
  private record NodeDatabase(DatabaseChoice choice, Pool operations, DatabaseReachability reachability, OldestTransaction oldest) {
  }

  private Future<String> deployWeb(List<HostedContext> hosted, Readiness readiness, List<DatabaseReachability> reachability) {
    int instances = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    return vertx.deployVerticle(() -> new WebVerticle(config.security().httpHost(), config.httpPort(), tokenKey, hosted, directory, readiness,
        registry, subscriptions, reachability),
      new DeploymentOptions().setInstances(instances));
  }

  /** A pool whose server is known once the database is provisioned; {@code schema} becomes its search path. */
  private Pool pool(DatabaseChoice database, String schema, int size) {
    return PgBuilder.pool()
      .with(new PoolOptions().setMaxSize(size).setMaxWaitQueueSize(ConnectionBudget.WAIT_QUEUE).setName(schema == null ? "ops " + database : schema))
      .with(DatabaseUrl.transport())
      .connectingTo(() -> databases.map(dbs -> connectOptions(dbs.of(database), schema)))
      .using(vertx)
      .build();
  }

  /** Pipelined connections for reads and single statements: many in flight on each connection. */
  private SqlClient reads(DatabaseChoice database, String schema, int size) {
    return PgBuilder.client()
      .with(new PoolOptions().setMaxSize(size).setMaxWaitQueueSize(ConnectionBudget.WAIT_QUEUE)
        .setName(schema + "-reads"))
      .with(DatabaseUrl.transport())
      .connectingTo(() -> databases.map(dbs -> connectOptions(dbs.of(database), schema)))
      .using(vertx)
      .build();
  }

  private static SqlConnectOptions connectOptions(ProvisionedDatabase db, String schema) {
    PgConnectOptions options = db.url().connectOptions();
    if (schema != null) {
      options.getProperties().put("search_path", schema);
      // The context in pg_stat_activity: its sessions, their transactions and their CPU told apart on a shared server.
      options.getProperties().put("application_name", "chorus " + schema);
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

  /**
   * Ready while the cluster is joined, the contexts have started, no log is held back and at least one of the node's
   * databases answers: a node whose other databases answer keeps serving the contexts they hold, and answers 503 at
   * once for the others.
   */
  private Readiness readiness(List<HostedContext> hosted, List<NodeDatabase> used) {
    Map<String, ReadinessCheck> checks = new LinkedHashMap<>();
    checks.put("cluster", () -> directory.joined() ? Future.succeededFuture() : Future.failedFuture("not joined"));
    checks.put("database", () -> !databases.isComplete()
      ? Future.failedFuture("starting and migrating")
      : databases.compose(dbs -> Future.any(used.stream().map(db -> db.reachability().ask()).toList()))
          .<Void>mapEmpty()
          .recover(e -> Future.failedFuture("unreachable: " + used.stream().map(db -> db.reachability().describe()).collect(Collectors.joining("; ")))));
    checks.put("log", () -> Future.all(used.stream().map(db -> db.oldest().stall().check()).toList()).mapEmpty());
    checks.put("contexts", () -> {
      List<String> starting = hosted.stream().filter(h -> !h.started()).map(HostedContext::name).toList();
      return starting.isEmpty() ? Future.succeededFuture() : Future.failedFuture("starting " + String.join(", ", starting));
    });
    return new Readiness(checks);
  }

  private void announceReady(List<HostedContext> hosted) {
    ProvisionedDatabases dbs = databases.result();
    log.info("ready in {} ms · node {} · http://{} · contexts [{}] · {} (at most {} connections) · cluster of {} node(s)",
      ManagementFactory.getRuntimeMXBean().getUptime(),
      directory.localNodeId(),
      config.security().httpHost() + ":" + config.httpPort(),
      String.join(", ", hosted.stream().map(HostedContext::name).toList()),
      layout.placed().entrySet().stream().map(e -> "database " + dbs.of(e.getKey()).describe()
        + (e.getValue().isEmpty() ? "" : " for " + String.join(", ", e.getValue()))).collect(Collectors.joining(" · ")),
      layout.opened(),
      directory.size());
  }
}
