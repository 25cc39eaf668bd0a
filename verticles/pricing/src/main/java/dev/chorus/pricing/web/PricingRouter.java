package dev.chorus.pricing.web;

import io.vertx.core.http.HttpMethod;
import dev.chorus.platform.access.AccessRules;
import dev.chorus.contracts.inventory.Sku;
import dev.chorus.platform.web.Problem;
import dev.chorus.platform.web.ProblemException;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/** {@code /pricing}: each product's base and current price. */
public final class PricingRouter {

  /** Prices are for every signed-in caller: customers shop by them. */
  public static final AccessRules ACCESS = AccessRules.operatorsOnly().signedIn(HttpMethod.GET, "/products/:sku");

  private static final String PRICE = "select sku, base_price, current_price from prices where sku = $1";

  private final SqlClient reads;

  private PricingRouter(SqlClient reads) {
    this.reads = reads;
  }

  public static Router create(Vertx vertx, SqlClient reads) {
    PricingRouter routes = new PricingRouter(reads);
    Router router = Router.router(vertx);
    router.get("/products/:sku").handler(routes::price);
    return router;
  }

  private void price(RoutingContext rc) {
    String sku = rc.pathParam("sku");
    if (!Sku.valid(sku)) {
      throw new ProblemException(Problem.invalidField("sku", "must be " + Sku.SHAPE));
    }
    reads.preparedQuery(PRICE).execute(Tuple.of(sku)).onSuccess(rows -> {
      if (rows.size() == 0) {
        Problem.notFound("no price known for sku " + sku).send(rc);
        return;
      }
      Row row = rows.iterator().next();
      rc.response().putHeader("Content-Type", "application/json").end(new JsonObject().put("sku", row.getString(0))
        .put("basePrice", row.getLong(1)).put("currentPrice", row.getLong(2)).encode());
    }).onFailure(rc::fail);
  }
}
