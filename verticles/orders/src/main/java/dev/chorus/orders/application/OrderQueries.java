package dev.chorus.orders.application;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

/** Queries on the orders read model: one order with its history, and searches by customer, total and status. */
public final class OrderQueries {

  private static final String ORDER = "select id, customer_id, status, reason, total, region, placed_at, updated_at from orders where id = $1";
  private static final String LINES = "select sku, quantity, unit_price from order_lines where order_id = $1 order by line";
  private static final String HISTORY = "select status, reason, at from order_history where order_id = $1 order by seq";
  private static final String SEARCH = """
    select id, customer_id, status, reason, total, region, placed_at, updated_at from orders
    where ($1::uuid is null or customer_id = $1) and ($2::bigint is null or total >= $2) and ($3::text is null or status = $3)
      and ($4::timestamptz is null or (placed_at, id) > ($4, $5::uuid))
    order by placed_at, id limit $6""";

  private final SqlClient client;

  public OrderQueries(SqlClient client) {
    this.client = client;
  }

  /** The order with its lines and status history. */
  public Future<Optional<JsonObject>> find(UUID id) {
    Future<Optional<JsonObject>> order = client.preparedQuery(ORDER).execute(Tuple.of(id))
      .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(order(rows.iterator().next())));
    Future<JsonArray> lines = client.preparedQuery(LINES).execute(Tuple.of(id)).map(rows -> {
      JsonArray list = new JsonArray();
      rows.forEach(row -> list.add(new JsonObject().put("sku", row.getString(0)).put("quantity", row.getLong(1))
        .put("unitPrice", row.getLong(2))));
      return list;
    });
    Future<JsonArray> history = client.preparedQuery(HISTORY).execute(Tuple.of(id)).map(rows -> {
      JsonArray list = new JsonArray();
      rows.forEach(row -> list.add(new JsonObject().put("status", row.getString(0)).put("reason", row.getString(1))
        .put("at", row.getOffsetDateTime(2).toInstant().toString())));
      return list;
    });
    return Future.all(order, lines, history).map(all -> order.result().map(o -> o.put("lines", lines.result()).put("history", history.result())));
  }

  /**
   * Orders matching every given filter, oldest first, at most {@code limit}; {@code after} is the cursor of the
   * previous page (its last order's {@code placedAt|id}).
   */
  public Future<JsonObject> search(UUID customerId, Long minTotal, String status, String after, int limit) {
    OffsetDateTime afterTime = null;
    UUID afterId = null;
    if (after != null) {
      String[] cursor = after.split("\\|", 2);
      afterTime = OffsetDateTime.parse(cursor[0]);
      afterId = UUID.fromString(cursor[1]);
    }
    return client.preparedQuery(SEARCH).execute(Tuple.of(customerId, minTotal, status, afterTime, afterId, limit)).map(rows -> {
      JsonArray items = new JsonArray();
      String next = null;
      for (Row row : rows) {
        items.add(order(row));
        next = row.getOffsetDateTime(6).toString() + "|" + row.getUUID(0);
      }
      return new JsonObject().put("items", items).put("next", rows.size() == limit ? next : null);
    });
  }

  private static JsonObject order(Row row) {
    return new JsonObject()
      .put("id", row.getUUID(0).toString())
      .put("customerId", row.getUUID(1).toString())
      .put("status", row.getString(2))
      .put("reason", row.getString(3))
      .put("total", row.getLong(4))
      .put("region", row.getString(5))
      .put("placedAt", row.getOffsetDateTime(6).toInstant().toString())
      .put("updatedAt", row.getOffsetDateTime(7).toInstant().toString());
  }
}
