package dev.chorus.orders.web;

import io.vertx.core.http.HttpMethod;
import dev.chorus.platform.access.Caller;
import dev.chorus.platform.access.AccessRules;
import dev.chorus.contracts.inventory.Sku;
import dev.chorus.contracts.orders.OrderEvent;
import dev.chorus.contracts.orders.OrderPlaced;
import dev.chorus.orders.application.OrderCursor;
import dev.chorus.orders.application.OrderService;
import dev.chorus.orders.application.OrderOutcomes;
import dev.chorus.orders.application.OrderQueries;
import dev.chorus.orders.application.Placement;
import dev.chorus.platform.admission.Admission;
import dev.chorus.platform.command.CommandResult;
import dev.chorus.platform.decider.Rejection;
import dev.chorus.platform.web.Idempotency;
import dev.chorus.platform.web.JsonInput;
import dev.chorus.platform.web.PreferWait;
import dev.chorus.platform.web.Problem;
import dev.chorus.platform.web.ProblemException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** {@code /orders}: place an order (optionally waiting for its outcome), read one, search them. */
public final class OrdersRouter {

  /** A customer places, reads and searches its own orders: whose they are is known from the body or the order. */
  public static final AccessRules ACCESS = AccessRules.operatorsOnly()
    .customerCheckedByRoute(HttpMethod.POST, "/")
    .customerCheckedByRoute(HttpMethod.GET, "/")
    .customerCheckedByRoute(HttpMethod.GET, "/:id");

  private static final int MAX_PAGE = 500;

  private static final String TICKET = "orders.admission";
  private static final Problem OVERLOADED = Problem.overloaded("orders-admission",
    "orders placed on this node are not becoming final fast enough; retry shortly");

  private final Admission admission;
  private final OrderService service;
  private final OrderQueries queries;
  private final OrderOutcomes outcomes;

  private OrdersRouter(Admission admission, OrderService service, OrderQueries queries, OrderOutcomes outcomes) {
    this.admission = admission;
    this.service = service;
    this.queries = queries;
    this.outcomes = outcomes;
  }

  public static Router create(Vertx vertx, Admission admission, OrderService service, OrderQueries queries, OrderOutcomes outcomes) {
    OrdersRouter routes = new OrdersRouter(admission, service, queries, outcomes);
    Router router = Router.router(vertx);
    router.post("/").handler(routes::admit);
    router.post("/").consumes("application/json").handler(BodyHandler.create(false).setBodyLimit(64 * 1024)).handler(routes::place);
    router.get("/").handler(routes::search);
    router.get("/:id").handler(routes::get);
    return router;
  }

  /** Sheds the order before its body is read while this node's orders would not become final in time. */
  private void admit(RoutingContext rc) {
    admission.admit().ifPresentOrElse(ticket -> {
      rc.put(TICKET, ticket);
      rc.addEndHandler(ended -> ticket.giveBack());
      rc.next();
    }, () -> OVERLOADED.send(rc));
  }

  private void place(RoutingContext rc) {
    JsonInput input = JsonInput.of(rc, Set.of("customerId", "lines"));
    String customer = input.requiredString("customerId");
    Caller.requireActingFor(rc, JsonInput.uuid("customerId", customer));
    List<Placement.Line> lines = new ArrayList<>();
    List<JsonInput> items = input.requiredObjects("lines", Set.of("sku", "quantity"), Placement.MAX_LINES);
    for (JsonInput item : items) {
      String sku = item.requiredString("sku");
      if (!Sku.valid(sku)) {
        throw item.invalid("sku", "must be " + Sku.SHAPE);
      }
      lines.add(new Placement.Line(sku, item.requiredLong("quantity", 1, Placement.MAX_QUANTITY)));
    }
    Placement placement = new Placement(JsonInput.uuid("customerId", customer), lines);
    int wait = PreferWait.seconds(rc);
    service.place(placement, Idempotency.context(rc, "orders/place", input)).onSuccess(result -> {
      if (!(result instanceof CommandResult.Accepted<OrderEvent> accepted)) {
        Rejection rejection = ((CommandResult.Rejected<OrderEvent>) result).rejection();
        Problem.unprocessable(rejection.code(), rejection.message()).send(rc);
        return;
      }
      UUID orderId = accepted.last(OrderPlaced.class).orderId();
      if (!accepted.replayed()) {
        rc.<Admission.Ticket>get(TICKET).started(orderId);
      }
      if (rc.response().ended()) {
        return; // answered already, by its time limit: a request is answered once
      }
      Idempotency.replayed(rc.response(), accepted).putHeader("Location", "/orders/" + orderId);
      if (wait == 0) {
        pending(rc, orderId);
      } else {
        awaitOutcome(rc, orderId, wait, !accepted.replayed());
      }
    }).onFailure(rc::fail);
  }

  /**
   * Answers when the order is final (201), or with 202 when it is not within the wait. An order placed by this
   * request is not final before it is announced (an announcement heard before the wait began is remembered), so it
   * is read once: when announced, or at the end of the wait (announcements may be lost). A replayed placement's
   * order may have been final for long: it is read first.
   */
  private void awaitOutcome(RoutingContext rc, UUID orderId, int seconds, boolean placedNow) {
    Future<Void> announced = outcomes.awaitFinal(orderId);
    Future<Void> finalOrWaited = placedNow ? announced.timeout(seconds, TimeUnit.SECONDS) : queries.find(orderId)
      .compose(order -> isFinal(order.orElseThrow()) ? Future.succeededFuture() : announced.timeout(seconds, TimeUnit.SECONDS));
    finalOrWaited
      .transform(ignored -> queries.find(orderId))
      .onSuccess(order -> {
        JsonObject found = order.orElseThrow();
        if (isFinal(found)) {
          rc.response().setStatusCode(201).putHeader("Content-Type", "application/json").end(outcome(found).encode());
        } else {
          pending(rc, orderId);
        }
      })
      .onFailure(rc::fail);
  }

  private void get(RoutingContext rc) {
    UUID id = JsonInput.uuid("id", rc.pathParam("id"));
    queries.find(id)
      .map(order -> order.filter(found -> Caller.maySee(rc, UUID.fromString(found.getString("customerId")))))
      .onSuccess(order -> order.ifPresentOrElse(
        found -> rc.response().putHeader("Content-Type", "application/json").end(found.encode()),
        () -> Problem.notFound("no order " + id).send(rc)))
      .onFailure(rc::fail);
  }

  private void search(RoutingContext rc) {
    Caller caller = Caller.require(rc);
    String customer = rc.queryParams().get("customerId");
    if (!caller.operator()) {
      customer = customer == null ? caller.subject() : customer;
      Caller.requireActingFor(rc, JsonInput.uuid("customerId", customer));
    }
    String minTotal = rc.queryParams().get("minTotal");
    String status = rc.queryParams().get("status");
    String limit = rc.queryParams().get("limit");
    Long min = minTotal == null ? null : number("minTotal", minTotal, 0, Long.MAX_VALUE);
    if (status != null && !Set.of("PENDING", "CONFIRMED", "REJECTED", "CANCELLED").contains(status)) {
      throw new ProblemException(Problem.invalidField("status", "must be PENDING, CONFIRMED, REJECTED or CANCELLED"));
    }
    String after = rc.queryParams().get("after");
    queries.search(customer == null ? null : JsonInput.uuid("customerId", customer), min, status, after == null ? null : cursor(after),
        limit == null ? 100 : (int) number("limit", limit, 1, MAX_PAGE))
      .onSuccess(page -> rc.response().putHeader("Content-Type", "application/json").end(page.encode()))
      .onFailure(rc::fail);
  }

  private static void pending(RoutingContext rc, UUID orderId) {
    rc.response().setStatusCode(202).putHeader("Content-Type", "application/json")
      .end(new JsonObject().put("id", orderId.toString()).put("status", "PENDING").encode());
  }

  private static boolean isFinal(JsonObject order) {
    return !"PENDING".equals(order.getString("status"));
  }

  private static JsonObject outcome(JsonObject order) {
    return new JsonObject().put("id", order.getString("id")).put("status", order.getString("status")).put("reason", order.getString("reason"))
      .put("total", order.getLong("total")).put("lines", order.getJsonArray("lines"));
  }

  private static OrderCursor cursor(String text) {
    try {
      return OrderCursor.parse(text);
    } catch (IllegalArgumentException e) {
      throw new ProblemException(Problem.invalidField("after", "is not a cursor returned by this endpoint"));
    }
  }

  private static long number(String field, String text, long min, long max) {
    try {
      long value = Long.parseLong(text);
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new ProblemException(Problem.invalidField(field, "must be a whole number from " + min + " to " + max));
  }
}
