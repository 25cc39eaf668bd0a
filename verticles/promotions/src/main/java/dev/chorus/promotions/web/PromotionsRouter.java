package dev.chorus.promotions.web;

import io.vertx.core.http.HttpMethod;
import dev.chorus.platform.access.AccessRules;
import dev.chorus.platform.web.JsonInput;
import dev.chorus.promotions.application.PromotionQueries;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.UUID;

/** {@code /promotions}: a customer's coupons and points. */
public final class PromotionsRouter {

  /** A customer reads its own coupons and points. */
  public static final AccessRules ACCESS = AccessRules.operatorsOnly()
    .customerInPath(HttpMethod.GET, "/customers/:id/coupons", "id")
    .customerInPath(HttpMethod.GET, "/customers/:id/points", "id");

  private PromotionsRouter() {
  }

  public static Router create(Vertx vertx, PromotionQueries queries) {
    Router router = Router.router(vertx);
    router.get("/customers/:id/coupons").handler(rc -> queries.coupons(customer(rc))
      .onSuccess(coupons -> json(rc, coupons.encode())).onFailure(rc::fail));
    router.get("/customers/:id/points").handler(rc -> queries.points(customer(rc))
      .onSuccess(points -> json(rc, points.encode())).onFailure(rc::fail));
    return router;
  }

  private static UUID customer(RoutingContext rc) {
    return JsonInput.uuid("id", rc.pathParam("id"));
  }

  private static void json(RoutingContext rc, String body) {
    rc.response().putHeader("Content-Type", "application/json").end(body);
  }
}
