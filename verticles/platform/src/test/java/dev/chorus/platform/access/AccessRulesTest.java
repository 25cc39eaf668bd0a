package dev.chorus.platform.access;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Rules checked under a real router, as a node mounts a context: who reaches which route. */
class AccessRulesTest {

  private static final String ALICE = "0d4f1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b";
  private static final String BOB = "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b";
  private static final AccessRules RULES = AccessRules.operatorsOnly()
    .open(HttpMethod.POST, "/")
    .signedIn(HttpMethod.GET, "/prices/:sku")
    .customerInPath(HttpMethod.GET, "/wallets/:customerId", "customerId")
    .customerCheckedByRoute(HttpMethod.GET, "/orders/:id");

  private static Vertx vertx;
  private static HttpServer server;
  private static HttpClient client;

  @BeforeAll
  static void serve() throws Exception {
    vertx = Vertx.vertx();
    Router root = Router.router(vertx);
    root.route().handler(rc -> {
      String who = rc.request().getHeader("X-Test-Caller");
      if ("refused".equals(who)) {
        Caller.refuse(rc, "the bearer token has expired");
      } else if (who != null) {
        Caller.identify(rc, who.equals("operator") ? new Caller("ops", Caller.Role.OPERATOR) : new Caller(who, Caller.Role.CUSTOMER));
      }
      rc.next();
    });
    root.route("/shop*").handler(RULES.checkUnder("/shop"));
    root.route("/shop*").handler(rc -> rc.response().end("reached"));
    server = vertx.createHttpServer().requestHandler(root).listen(0).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    client = vertx.createHttpClient();
  }

  @AfterAll
  static void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("open routes take anyone; the rest need a caller (401), and the right one (403)")
  void rules() throws Exception {
    assertThat(status(HttpMethod.POST, "/shop", null)).isEqualTo(200);
    assertThat(status(HttpMethod.POST, "/shop/", null)).isEqualTo(200);
    assertThat(status(HttpMethod.GET, "/shop/prices/a1", null)).isEqualTo(401);
    assertThat(status(HttpMethod.GET, "/shop/prices/a1", ALICE)).isEqualTo(200);
    assertThat(status(HttpMethod.GET, "/shop/wallets/" + ALICE, ALICE)).isEqualTo(200);
    assertThat(status(HttpMethod.GET, "/shop/wallets/" + ALICE.toUpperCase(), ALICE)).isEqualTo(200);
    assertThat(status(HttpMethod.GET, "/shop/wallets/" + ALICE, BOB)).isEqualTo(403);
    assertThat(status(HttpMethod.GET, "/shop/wallets/" + ALICE, "operator")).isEqualTo(200);
    assertThat(status(HttpMethod.GET, "/shop/orders/o-1", BOB)).isEqualTo(200);
  }

  @Test
  @DisplayName("a route no rule names, another method or a longer path is for operators only")
  void operatorsOnlyByDefault() throws Exception {
    assertThat(status(HttpMethod.GET, "/shop", ALICE)).isEqualTo(403);
    assertThat(status(HttpMethod.DELETE, "/shop/wallets/" + ALICE, ALICE)).isEqualTo(403);
    assertThat(status(HttpMethod.GET, "/shop/wallets/" + ALICE + "/history", ALICE)).isEqualTo(403);
    assertThat(status(HttpMethod.GET, "/shop/admin", null)).isEqualTo(401);
    assertThat(status(HttpMethod.GET, "/shop/admin", "operator")).isEqualTo(200);
  }

  @Test
  @DisplayName("credentials that were not accepted are answered 401 on every route, open ones too")
  void refusedCredentials() throws Exception {
    assertThat(status(HttpMethod.POST, "/shop", "refused")).isEqualTo(401);
    assertThat(status(HttpMethod.GET, "/shop/prices/a1", "refused")).isEqualTo(401);
    assertThat(status(HttpMethod.GET, "/shop/admin", "refused")).isEqualTo(401);
  }

  @Test
  @DisplayName("a customer rule names a parameter of its path")
  void parameterMustExist() {
    assertThatThrownBy(() -> AccessRules.operatorsOnly().customerInPath(HttpMethod.GET, "/wallets/:id", "customerId"))
      .hasMessage("/wallets/:id has no parameter :customerId");
  }

  private static int status(HttpMethod method, String path, String caller) throws Exception {
    return client.request(method, server.actualPort(), "127.0.0.1", path)
      .compose(request -> {
        if (caller != null) {
          request.putHeader("X-Test-Caller", caller);
        }
        return request.send();
      })
      .map(response -> response.statusCode())
      .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
