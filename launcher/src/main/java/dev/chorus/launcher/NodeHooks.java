package dev.chorus.launcher;

import com.hazelcast.config.Config;
import dev.chorus.platform.context.BoundedContext;
import dev.chorus.platform.ops.ClusterDirectory;
import dev.chorus.platform.ops.ClusterMember;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.opentelemetry.api.OpenTelemetry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Deployable;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.launcher.application.HookContext;
import io.vertx.launcher.application.VertxApplicationHooks;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import io.vertx.tracing.opentelemetry.OpenTelemetryOptions;
import io.vertx.tracing.opentelemetry.OpenTelemetryTracingFactory;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Plugs the node into the Vert.x application launcher: the cluster manager and metrics it builds Vert.x with,
 * the metadata it publishes to the cluster, the verticle it deploys, and what it says when a stage fails.
 */
final class NodeHooks implements VertxApplicationHooks {

  private final NodeConfig config;
  private final List<BoundedContext> contexts;
  private final DatabaseLayout layout;
  private final CompletableFuture<ProvisionedDatabases> databases;
  private final Optional<String> tokenKey;
  private final Optional<OpenTelemetry> traces;
  private final HazelcastClusterManager clusterManager;
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  NodeHooks(NodeConfig config, List<BoundedContext> contexts, DatabaseLayout layout, Config hazelcastConfig,
            CompletableFuture<ProvisionedDatabases> databases, Optional<String> tokenKey, Optional<OpenTelemetry> traces) {
    this.tokenKey = tokenKey;
    this.traces = traces;
    this.config = config;
    this.contexts = contexts;
    this.layout = layout;
    this.databases = databases;
    this.clusterManager = new HazelcastClusterManager(hazelcastConfig);
    registry.config().meterFilter(new AnswerTimeBuckets());
  }

  @Override
  public VertxBuilder createVertxBuilder(VertxOptions options) {
    VertxBuilder builder = Vertx.builder()
      .with(options)
      .withClusterManager(clusterManager)
      .withMetrics(new MicrometerMetricsFactory(registry));
    return traces.map(openTelemetry -> builder.withTracer(new OpenTelemetryTracingFactory(openTelemetry))).orElse(builder);
  }

  @Override
  public void beforeStartingVertx(HookContext context) {
    VertxOptions options = context.vertxOptions();
    options.setPreferNativeTransport(true);
    options.setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(true));
    options.getEventBusOptions().setClusterNodeMetadata(
      ClusterMember.metadata(config.httpPort(), contexts.stream().map(BoundedContext::name).toList(),
        contexts.stream().collect(Collectors.toMap(BoundedContext::name, c -> List.copyOf(c.publishes()))), Instant.now().toString(),
        layout.total(), contexts.stream().collect(Collectors.toMap(BoundedContext::name, c -> layout.databaseOf(c.name()).toString()))));
    config.security().clusterTls().ifPresent(dir -> ClusterTls.apply(options.getEventBusOptions(), dir));
    traces.ifPresent(openTelemetry -> options.setTracingOptions(new OpenTelemetryOptions()));
  }

  @Override
  public Supplier<? extends Deployable> verticleSupplier() {
    ClusterDirectory directory = new ClusterDirectory(clusterManager);
    return () -> new NodeVerticle(config, contexts, layout, databases, directory, registry, tokenKey);
  }

  @Override
  public void afterFailureToStartVertx(HookContext context, Throwable t) {
    ChorusNode.complain("cannot join the cluster: " + StartupFailure.describe(t));
    releaseDatabase();
  }

  @Override
  public void afterFailureToDeployVerticle(HookContext context, Throwable t) {
    ChorusNode.complain(StartupFailure.describe(t));
    context.vertx().close();
  }

  @Override
  public void afterVertxStopped(HookContext context) {
    releaseDatabase();
  }

  @Override
  public void afterFailureToStopVertx(HookContext context, Throwable t) {
    releaseDatabase();
  }

  private void releaseDatabase() {
    databases.thenAccept(dbs -> dbs.embedded().ifPresent(EmbeddedDatabase::close));
  }
}
