package dev.chorus.examples.loyalty;

import dev.chorus.examples.loyalty.OrderPoints.PointsEarned;
import dev.chorus.platform.access.AccessRules;
import dev.chorus.platform.command.CommandEffects;
import dev.chorus.platform.command.SqlWrite;
import dev.chorus.platform.web.JsonInput;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.UUID;

/** Each customer's points: written with every {@link PointsEarned}, read at {@code GET /loyalty/customers/{id}}. */
final class Balances {

  /** The balance moves in the transaction that appends the points, so it never lags behind the log. */
  static final CommandEffects<PointsEarned, Boolean> WRITES = (stream, events, earned) -> events.stream()
    .map(event -> SqlWrite.of("insert into balances (customer_id, points) values ($1, $2)"
      + " on conflict (customer_id) do update set points = balances.points + excluded.points", Tuple.of(event.customerId(), event.points())))
    .toList();

  /** A customer reads its own balance; an operator any. */
  static final AccessRules ACCESS = AccessRules.operatorsOnly().customerInPath(HttpMethod.GET, "/customers/:id", "id");

  private final SqlClient reads;

  Balances(SqlClient reads) {
    this.reads = reads;
  }

  /** {@code GET /customers/{id}} under the context's mount. */
  Router routes(Vertx vertx) {
    Router router = Router.router(vertx);
    router.get("/customers/:id").handler(this::answer);
    return router;
  }

  /** {@code {"customerId", "points"}}; a customer without points has 0. */
  private void answer(RoutingContext rc) {
    UUID customer = JsonInput.uuid("customerId", rc.pathParam("id"));
    reads.preparedQuery("select points from balances where customer_id = $1").execute(Tuple.of(customer))
      .map(rows -> rows.size() == 0 ? 0L : rows.iterator().next().getLong(0))
      .onSuccess(points -> rc.response().putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("customerId", customer.toString()).put("points", points).encode()))
      .onFailure(rc::fail);
  }
}
