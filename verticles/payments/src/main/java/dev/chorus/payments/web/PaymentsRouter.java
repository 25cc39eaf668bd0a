package dev.chorus.payments.web;

import io.vertx.core.http.HttpMethod;
import dev.chorus.platform.access.AccessRules;
import dev.chorus.contracts.payments.Deposited;
import dev.chorus.contracts.payments.PaymentEvent;
import dev.chorus.payments.application.WalletService;
import dev.chorus.payments.application.WalletQueries;
import dev.chorus.payments.domain.WalletDecider;
import dev.chorus.platform.web.CommandReply;
import dev.chorus.platform.web.Idempotency;
import dev.chorus.platform.web.JsonInput;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.Set;
import java.util.UUID;

/** {@code /payments}: deposits and wallets. */
public final class PaymentsRouter {

  /** A customer deposits into and reads its own wallet. */
  public static final AccessRules ACCESS = AccessRules.operatorsOnly()
    .customerInPath(HttpMethod.POST, "/wallets/:customerId/deposits", "customerId")
    .customerInPath(HttpMethod.GET, "/wallets/:customerId", "customerId");

  private static final CommandReply<PaymentEvent> DEPOSITED = CommandReply.<PaymentEvent>ok(
    accepted -> new JsonObject().put("balance", accepted.last(Deposited.class).balance()));

  private final WalletService service;
  private final WalletQueries queries;

  private PaymentsRouter(WalletService service, WalletQueries queries) {
    this.service = service;
    this.queries = queries;
  }

  public static Router create(Vertx vertx, WalletService service, WalletQueries queries) {
    PaymentsRouter routes = new PaymentsRouter(service, queries);
    Router router = Router.router(vertx);
    router.post("/wallets/:customerId/deposits").consumes("application/json").handler(BodyHandler.create(false).setBodyLimit(64 * 1024))
      .handler(routes::deposit);
    router.get("/wallets/:customerId").handler(routes::wallet);
    return router;
  }

  private void deposit(RoutingContext rc) {
    UUID customer = JsonInput.uuid("customerId", rc.pathParam("customerId"));
    JsonInput input = JsonInput.of(rc, Set.of("amount"));
    long amount = input.requiredLong("amount", 1, WalletDecider.MAX_DEPOSIT);
    service.deposit(customer, amount, Idempotency.context(rc, "payments/deposit", input)).onComplete(DEPOSITED.to(rc));
  }

  private void wallet(RoutingContext rc) {
    UUID customer = JsonInput.uuid("customerId", rc.pathParam("customerId"));
    queries.wallet(customer).onSuccess(wallet -> rc.response().putHeader("Content-Type", "application/json").end(wallet.encode()))
      .onFailure(rc::fail);
  }
}
