package dev.chorus.launcher;

import dev.chorus.platform.access.AccessRules;
import dev.chorus.platform.access.Caller;
import dev.chorus.platform.ops.ClusterDirectory;
import dev.chorus.platform.ops.DashboardStream;
import dev.chorus.platform.ops.OpsRoutes;
import dev.chorus.platform.ops.Readiness;
import dev.chorus.platform.subscription.SubscriptionOpsRoutes;
import dev.chorus.platform.subscription.SubscriptionRegistry;
import dev.chorus.platform.trace.TracesHandler;
import dev.chorus.platform.web.ContextRoutes;
import dev.chorus.platform.web.Conversation;
import dev.chorus.platform.web.WebErrors;
import dev.chorus.platform.web.WellFormedUri;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The node's HTTP port: ops endpoints at the root, each hosted context under {@code /<context>}. Every request's caller
 * is established first — the local operator with {@code --auth local}, its bearer token's with {@code --auth jwt} —
 * and checked against the routes' rules before anything runs: {@code /health} and {@code /ready} are open, the node's
 * other endpoints are for operators, and each context declares its own.
 */
final class WebVerticle extends VerticleBase {

  private static final long SHUTDOWN_GRACE_SECONDS = 10;
  private static final Pattern DASHBOARD_FILE = Pattern.compile("/dashboard/[A-Za-z0-9][A-Za-z0-9._-]*");

  private final String host;
  private final int port;
  private final Optional<String> tokenKey;
  private final List<HostedContext> contexts;
  private final ClusterDirectory directory;
  private final Readiness readiness;
  private final PrometheusMeterRegistry registry;
  private final SubscriptionRegistry subscriptions;
  private final List<DatabaseReachability> databases;
  private HttpServer server;

  WebVerticle(String host, int port, Optional<String> tokenKey, List<HostedContext> contexts, ClusterDirectory directory, Readiness readiness,
              PrometheusMeterRegistry registry, SubscriptionRegistry subscriptions, List<DatabaseReachability> databases) {
    this.subscriptions = subscriptions;
    this.databases = databases;
    this.host = host;
    this.port = port;
    this.tokenKey = tokenKey;
    this.contexts = contexts;
    this.directory = directory;
    this.readiness = readiness;
    this.registry = registry;
  }

  @Override
  public Future<?> start() {
    server = vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port).setCompressionSupported(true))
      .requestHandler(router());
    return server.listen()
      .recover(failure -> Future.failedFuture(new StartupFailure(
        "cannot listen on HTTP " + host + ":" + port + ": " + StartupFailure.describe(failure) + " (is another node using it? choose one with --http-port N)", failure)));
  }

  @Override
  public Future<?> stop() {
    return server.shutdown(SHUTDOWN_GRACE_SECONDS, TimeUnit.SECONDS);
  }

  /** The dashboard is one flat folder of files: a path that is not one of its plain names, encoded or not, names nothing. */
  private static void dashboardFile(RoutingContext rc) {
    if (DASHBOARD_FILE.matcher(rc.request().path()).matches()) {
      rc.next();
    } else {
      rc.fail(404);
    }
  }

  /** Refuses at once, while one of the node's databases is out of reach, an operation that needs them all. */
  private void databasesReachable(RoutingContext rc) {
    databases.stream().filter(db -> db.unreachable().isPresent()).findFirst().ifPresentOrElse(db -> db.refuse(rc), rc::next);
  }

  private Router router() {
    Router router = Router.router(vertx);
    router.route().handler(WellFormedUri.handler());
    router.route().handler(Conversation.handler());
    router.route().handler(tokenKey.<Handler<RoutingContext>>map(key -> new BearerAuthentication(new BearerTokens(key, Clock.systemUTC())))
      .orElse(rc -> {
        Caller.identify(rc, Caller.LOCAL);
        rc.next();
      }));
    Handler<RoutingContext> operators = AccessRules.operatorsOnly().checkUnder("");
    List.of("/cluster", "/metrics", "/ops/*").forEach(path -> router.route(path).handler(operators));
    List.of("/ops/parked*", "/ops/subscriptions*").forEach(path -> router.route(path).handler(this::databasesReachable));
    OpsRoutes.mount(router, directory, readiness, registry);
    SubscriptionOpsRoutes.mount(router, vertx, subscriptions);
    router.get("/ops/traces/:id").handler(new TracesHandler(directory));
    router.get("/ops/stream").handler(new DashboardStream(directory, subscriptions));
    router.get("/").handler(rc -> rc.reroute("/dashboard/index.html"));
    router.get("/dashboard/*").handler(WebVerticle::dashboardFile).handler(StaticHandler.create("dashboard").setCachingEnabled(false));
    for (HostedContext hosted : contexts) {
      ContextRoutes.mount(router, hosted.name(), hosted.hosting().access(), hosted.gate(), hosted.hosting().router());
      router.route("/" + hosted.name() + "*").failureHandler(rc -> {
        hosted.database().failed(rc.failure());
        rc.next();
      });
    }
    router.route().failureHandler(rc -> {
      if (rc.normalizedPath().startsWith("/ops/")) {
        databases.forEach(db -> db.failed(rc.failure()));
      }
      rc.next();
    });
    WebErrors.install(router);
    return router;
  }
}
