package dev.chorus.launcher;

import dev.chorus.platform.ops.ClusterDirectory;
import dev.chorus.platform.ops.OpsRoutes;
import dev.chorus.platform.ops.Readiness;
import dev.chorus.platform.subscription.SubscriptionOpsRoutes;
import dev.chorus.platform.subscription.SubscriptionRegistry;
import dev.chorus.platform.web.ContextRoutes;
import dev.chorus.platform.web.WebErrors;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;

import java.util.List;
import java.util.concurrent.TimeUnit;

/** The node's HTTP port: ops endpoints at the root, each hosted context under {@code /<context>}. */
final class WebVerticle extends VerticleBase {

  private static final long SHUTDOWN_GRACE_SECONDS = 10;

  private final int port;
  private final List<HostedContext> contexts;
  private final ClusterDirectory directory;
  private final Readiness readiness;
  private final PrometheusMeterRegistry registry;
  private final SubscriptionRegistry subscriptions;
  private HttpServer server;

  WebVerticle(int port, List<HostedContext> contexts, ClusterDirectory directory, Readiness readiness,
              PrometheusMeterRegistry registry, SubscriptionRegistry subscriptions) {
    this.subscriptions = subscriptions;
    this.port = port;
    this.contexts = contexts;
    this.directory = directory;
    this.readiness = readiness;
    this.registry = registry;
  }

  @Override
  public Future<?> start() {
    server = vertx.createHttpServer(new HttpServerOptions().setPort(port).setCompressionSupported(true))
      .requestHandler(router());
    return server.listen()
      .recover(failure -> Future.failedFuture(new StartupFailure(
        "cannot listen on HTTP port " + port + ": " + StartupFailure.describe(failure) + " (is another node using it? choose one with --http-port N)", failure)));
  }

  @Override
  public Future<?> stop() {
    return server.shutdown(SHUTDOWN_GRACE_SECONDS, TimeUnit.SECONDS);
  }

  private Router router() {
    Router router = Router.router(vertx);
    OpsRoutes.mount(router, directory, readiness, registry);
    SubscriptionOpsRoutes.mount(router, vertx, subscriptions);
    for (HostedContext hosted : contexts) {
      ContextRoutes.mount(router, hosted.name(), hosted.gate(), hosted.hosting().router());
    }
    WebErrors.install(router);
    return router;
  }
}
