package dev.chorus.inventory.web;

import dev.chorus.contracts.inventory.StockEvent;
import dev.chorus.inventory.application.Catalogue;
import dev.chorus.inventory.application.ProductQueries;
import dev.chorus.inventory.domain.Skus;
import dev.chorus.platform.command.CommandResult;
import dev.chorus.platform.web.JsonInput;
import dev.chorus.platform.web.Problem;
import dev.chorus.platform.web.ProblemException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.Set;

/** {@code /inventory}: products, restocking, stock levels. */
public final class InventoryRouter {

  private static final long MAX_BODY_BYTES = 64 * 1024;

  private final Catalogue catalogue;
  private final ProductQueries queries;

  private InventoryRouter(Catalogue catalogue, ProductQueries queries) {
    this.catalogue = catalogue;
    this.queries = queries;
  }

  public static Router create(Vertx vertx, Catalogue catalogue, ProductQueries queries) {
    InventoryRouter routes = new InventoryRouter(catalogue, queries);
    Router router = Router.router(vertx);
    router.post("/products").consumes("application/json").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES)).handler(routes::add);
    router.post("/products/:sku/restock").consumes("application/json").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES))
      .handler(routes::restock);
    router.get("/products/:sku").handler(routes::get);
    return router;
  }

  private void add(RoutingContext rc) {
    JsonInput input = JsonInput.of(rc, Set.of("sku", "name", "price", "stock"));
    String sku = sku("sku", input.requiredString("sku"));
    String name = input.requiredString("name").trim();
    if (name.isEmpty() || name.length() > 200) {
      throw new ProblemException(Problem.invalidField("name", "must be 1 to 200 characters"));
    }
    long price = input.requiredLong("price", 0);
    long stock = input.requiredLong("stock", 0);
    answer(rc, catalogue.add(sku, name, price, stock), 201);
  }

  private void restock(RoutingContext rc) {
    String sku = sku("sku", rc.pathParam("sku"));
    long quantity = JsonInput.of(rc, Set.of("quantity")).requiredLong("quantity", 1);
    answer(rc, catalogue.restock(sku, quantity), 200);
  }

  private void get(RoutingContext rc) {
    String sku = sku("sku", rc.pathParam("sku"));
    queries.find(sku).onSuccess(found -> found.ifPresentOrElse(
      product -> rc.response().putHeader("Content-Type", "application/json").end(product.toJson().encode()),
      () -> Problem.notFound("no product " + sku).send(rc))).onFailure(rc::fail);
  }

  private void answer(RoutingContext rc, Future<CommandResult<StockEvent>> result, int status) {
    result.compose(outcome -> {
      if (outcome instanceof CommandResult.Rejected<StockEvent> rejected) {
        String code = rejected.rejection().code();
        Problem problem = switch (code) {
          case "sku-exists" -> Problem.conflict(code, rejected.rejection().message());
          case "unknown-sku" -> Problem.notFound(rejected.rejection().message());
          default -> Problem.unprocessable(code, rejected.rejection().message());
        };
        return problem.send(rc);
      }
      String sku = ((CommandResult.Accepted<StockEvent>) outcome).events().get(0).sku();
      return queries.find(sku).compose(product -> {
        rc.response().setStatusCode(status).putHeader("Content-Type", "application/json");
        if (status == 201) {
          rc.response().putHeader("Location", "/inventory/products/" + sku);
        }
        return rc.response().end(product.orElseThrow().toJson().encode());
      });
    }).onFailure(rc::fail);
  }

  private static String sku(String field, String value) {
    if (!Skus.valid(value)) {
      throw new ProblemException(Problem.invalidField(field, "must be 1 to 64 letters, digits, '-' or '_'"));
    }
    return value;
  }
}
