package dev.chorus.payments.web;

import dev.chorus.contracts.payments.Deposited;
import dev.chorus.contracts.payments.PaymentEvent;
import dev.chorus.payments.application.WalletService;
import dev.chorus.payments.application.WalletQueries;
import dev.chorus.payments.domain.WalletDecider;
import dev.chorus.platform.command.CommandResult;
import dev.chorus.platform.web.Idempotency;
import dev.chorus.platform.web.JsonInput;
import dev.chorus.platform.web.Problem;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.Set;
import java.util.UUID;

/** {@code /payments}: deposits and wallets. */
public final class PaymentsRouter {

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
    service.deposit(customer, amount, Idempotency.context(rc, "payments/deposit", input)).onSuccess(result -> {
      if (result instanceof CommandResult.Rejected<PaymentEvent> rejected) {
        Problem.unprocessable(rejected.rejection().code(), rejected.rejection().message()).send(rc);
        return;
      }
      CommandResult.Accepted<PaymentEvent> accepted = (CommandResult.Accepted<PaymentEvent>) result;
      long balance = ((Deposited) accepted.events().get(accepted.events().size() - 1)).balance();
      Idempotency.replayed(rc.response(), accepted).putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("balance", balance).encode());
    }).onFailure(rc::fail);
  }

  private void wallet(RoutingContext rc) {
    UUID customer = JsonInput.uuid("customerId", rc.pathParam("customerId"));
    queries.wallet(customer).onSuccess(wallet -> rc.response().putHeader("Content-Type", "application/json").end(wallet.encode()))
      .onFailure(rc::fail);
  }
}
