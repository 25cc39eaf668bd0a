package dev.chorus.inventory.web;

import dev.chorus.contracts.inventory.Sku;
import dev.chorus.contracts.inventory.ProductAdded;
import dev.chorus.contracts.inventory.ProductRestocked;
import dev.chorus.contracts.inventory.StockEvent;
import dev.chorus.inventory.application.ProductService;
import dev.chorus.inventory.application.ProductQueries;
import dev.chorus.inventory.application.ProductView;
import dev.chorus.inventory.domain.ProductDecider;
import dev.chorus.platform.decider.Rejection;
import dev.chorus.platform.web.CommandReply;
import dev.chorus.platform.web.Idempotency;
import dev.chorus.platform.web.JsonInput;
import dev.chorus.platform.web.Problem;
import dev.chorus.platform.web.ProblemException;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.Set;

/** {@code /inventory}: products, restocking, stock levels. */
public final class InventoryRouter {

  private static final long MAX_BODY_BYTES = 64 * 1024;
  private static final CommandReply<StockEvent> ADDED = CommandReply.<StockEvent>created(
    accepted -> product(accepted.last(ProductAdded.class))).rejectedAs(InventoryRouter::refused);
  private static final CommandReply<StockEvent> RESTOCKED = CommandReply.<StockEvent>ok(accepted -> {
    ProductRestocked restocked = accepted.last(ProductRestocked.class);
    return new JsonObject().put("sku", restocked.sku()).put("quantity", restocked.quantity()).put("available", restocked.available())
      .put("reserved", restocked.reserved());
  }).rejectedAs(InventoryRouter::refused);

  private final ProductService service;
  private final ProductQueries queries;

  private InventoryRouter(ProductService service, ProductQueries queries) {
    this.service = service;
    this.queries = queries;
  }

  public static Router create(Vertx vertx, ProductService service, ProductQueries queries) {
    InventoryRouter routes = new InventoryRouter(service, queries);
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
    long price = input.requiredLong("price", 0, ProductDecider.MAX_PRICE);
    long stock = input.requiredLong("stock", 0, ProductDecider.MAX_QUANTITY);
    service.add(sku, name, price, stock, Idempotency.context(rc, "inventory/add-product", input))
      .onComplete(ADDED.location(accepted -> "/inventory/products/" + sku).to(rc));
  }

  private void restock(RoutingContext rc) {
    String sku = sku("sku", rc.pathParam("sku"));
    JsonInput input = JsonInput.of(rc, Set.of("quantity"));
    long quantity = input.requiredLong("quantity", 1, ProductDecider.MAX_QUANTITY);
    service.restock(sku, quantity, Idempotency.context(rc, "inventory/restock", input)).onComplete(RESTOCKED.to(rc));
  }

  private void get(RoutingContext rc) {
    String sku = sku("sku", rc.pathParam("sku"));
    queries.find(sku).onSuccess(found -> found.ifPresentOrElse(
      product -> rc.response().putHeader("Content-Type", "application/json").end(product.toJson().encode()),
      () -> Problem.notFound("no product " + sku).send(rc))).onFailure(rc::fail);
  }

  /** A product as it entered the catalogue: the same shape as {@code GET /inventory/products/{sku}}. */
  private static JsonObject product(ProductAdded added) {
    return new ProductView(added.sku(), added.name(), added.price(), added.available(), 0, added.available(), added.reserved(), 0).toJson();
  }

  private static Problem refused(Rejection rejection) {
    return switch (rejection.code()) {
      case "sku-exists" -> Problem.conflict(rejection.code(), rejection.message());
      case "unknown-sku" -> Problem.notFound(rejection.message());
      default -> Problem.unprocessable(rejection.code(), rejection.message());
    };
  }

  private static String sku(String field, String value) {
    if (!Sku.valid(value)) {
      throw new ProblemException(Problem.invalidField(field, "must be " + Sku.SHAPE));
    }
    return value;
  }
}
