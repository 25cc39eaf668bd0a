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

  /** The order, its lines and its history in one statement (one snapshot, one round trip). */
  private static final String ORDER = """
    select o.id, o.customer_id, o.status, o.reason, o.total, o.region, o.placed_at, o.updated_at,
      array(select l.sku from order_lines l where l.order_id = o.id order by l.line),
      array(select l.quantity from order_lines l where l.order_id = o.id order by l.line),
      array(select l.unit_price from order_lines l where l.order_id = o.id order by l.line),
      array(select h.status from order_history h where h.order_id = o.id order by h.seq),
      array(select h.reason from order_history h where h.order_id = o.id order by h.seq),
      array(select h.at from order_history h where h.order_id = o.id order by h.seq)
    from orders o where o.id = $1""";
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
    return client.preparedQuery(ORDER).execute(Tuple.of(id)).map(rows -> {
      if (rows.size() == 0) {
        return Optional.empty();
      }
      Row row = rows.iterator().next();
      return Optional.of(order(row).put("lines", lines(row)).put("history", history(row)));
    });
  }

  private static JsonArray lines(Row row) {
    String[] skus = row.getArrayOfStrings(8);
    Long[] quantities = row.getArrayOfLongs(9);
    Long[] unitPrices = row.getArrayOfLongs(10);
    JsonArray lines = new JsonArray();
    for (int i = 0; i < skus.length; i++) {
      lines.add(new JsonObject().put("sku", skus[i]).put("quantity", quantities[i]).put("unitPrice", unitPrices[i]));
    }
    return lines;
  }

  private static JsonArray history(Row row) {
    String[] statuses = row.getArrayOfStrings(11);
    String[] reasons = row.getArrayOfStrings(12);
    OffsetDateTime[] at = row.getArrayOfOffsetDateTimes(13);
    JsonArray history = new JsonArray();
    for (int i = 0; i < statuses.length; i++) {
      history.add(new JsonObject().put("status", statuses[i]).put("reason", reasons[i]).put("at", at[i].toInstant().toString()));
    }
    return history;
  }

  /**
   * Orders matching every given filter, oldest first, at most {@code limit}; {@code after} is the previous page's
   * cursor, or null for the first page.
   */
  public Future<JsonObject> search(UUID customerId, Long minTotal, String status, OrderCursor after, int limit) {
    OffsetDateTime afterTime = after == null ? null : after.placedAt();
    UUID afterId = after == null ? null : after.id();
    return client.preparedQuery(SEARCH).execute(Tuple.of(customerId, minTotal, status, afterTime, afterId, limit)).map(rows -> {
      JsonArray items = new JsonArray();
      OrderCursor next = null;
      for (Row row : rows) {
        items.add(order(row));
        next = new OrderCursor(row.getOffsetDateTime(6), row.getUUID(0));
      }
      return new JsonObject().put("items", items).put("next", rows.size() == limit && next != null ? next.text() : null);
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
