package dev.chorus.shipping.web;

import io.vertx.core.http.HttpMethod;
import dev.chorus.platform.access.Caller;
import dev.chorus.platform.access.AccessRules;
import dev.chorus.platform.web.CommandReply;
import dev.chorus.platform.web.Idempotency;
import dev.chorus.platform.web.JsonInput;
import dev.chorus.platform.web.Problem;
import dev.chorus.platform.web.ProblemException;
import dev.chorus.shipping.application.CarrierPromotionService;
import dev.chorus.shipping.domain.CarrierPromotionAdded;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.UUID;

/** {@code /shipping}: carrier promotions, and the shipment of an order. */
public final class ShippingRouter {

  private static final String SHIPMENT = "select order_id, carrier, status, customer_id from shipments where order_id = $1";
  private static final CommandReply<Record> PROMOTION_ADDED = CommandReply.<Record>created(accepted -> {
    CarrierPromotionAdded added = accepted.last(CarrierPromotionAdded.class);
    return new JsonObject().put("id", added.id().toString()).put("carrier", added.carrier()).put("region", added.region())
      .put("discountPercent", added.discountPercent()).put("until", added.until().toString());
  });

  /** A customer reads its own orders' shipments; carrier promotions are the operators'. */
  public static final AccessRules ACCESS = AccessRules.operatorsOnly().customerCheckedByRoute(HttpMethod.GET, "/orders/:orderId");

  private final CarrierPromotionService promotions;
  private final SqlClient reads;

  private ShippingRouter(CarrierPromotionService promotions, SqlClient reads) {
    this.promotions = promotions;
    this.reads = reads;
  }

  public static Router create(Vertx vertx, CarrierPromotionService promotions, SqlClient reads) {
    ShippingRouter routes = new ShippingRouter(promotions, reads);
    Router router = Router.router(vertx);
    router.post("/carrier-promotions").consumes("application/json").handler(BodyHandler.create(false).setBodyLimit(64 * 1024))
      .handler(routes::addPromotion);
    router.get("/orders/:orderId").handler(routes::shipment);
    return router;
  }

  private void addPromotion(RoutingContext rc) {
    JsonInput input = JsonInput.of(rc, Set.of("carrier", "region", "discountPercent", "until"));
    String carrier = text(input, "carrier");
    String region = text(input, "region");
    long discount = input.requiredLong("discountPercent", 1, 100);
    Instant until;
    try {
      until = Instant.parse(input.requiredString("until"));
    } catch (DateTimeParseException e) {
      throw new ProblemException(Problem.invalidField("until", "must be an ISO-8601 instant, e.g. 2030-01-01T00:00:00Z"));
    }
    promotions.add(carrier, region, (int) discount, until, Idempotency.context(rc, "shipping/add-carrier-promotion", input))
      .onComplete(PROMOTION_ADDED.to(rc));
  }

  private void shipment(RoutingContext rc) {
    UUID orderId = JsonInput.uuid("orderId", rc.pathParam("orderId"));
    reads.preparedQuery(SHIPMENT).execute(Tuple.of(orderId)).map(rows -> {
      Row row = rows.size() == 0 ? null : rows.iterator().next();
      return row != null && maySee(rc, row.getUUID(3)) ? row : null;
    }).onSuccess(row -> {
      if (row == null) {
        Problem.notFound("no shipment scheduled for order " + orderId).send(rc);
        return;
      }
      rc.response().putHeader("Content-Type", "application/json").end(new JsonObject().put("orderId", row.getUUID(0).toString())
        .put("carrier", row.getString(1)).put("status", row.getString(2)).encode());
    }).onFailure(rc::fail);
  }

  /** Whether the caller may see a shipment of {@code customer}'s; one scheduled before shipments named their customer, operators only. */
  private static boolean maySee(RoutingContext rc, UUID customer) {
    return customer == null ? Caller.require(rc).operator() : Caller.maySee(rc, customer);
  }

  private static String text(JsonInput input, String field) {
    String value = input.requiredString(field).trim();
    if (value.isEmpty() || value.length() > 100) {
      throw new ProblemException(Problem.invalidField(field, "must be 1 to 100 characters"));
    }
    return value;
  }
}
