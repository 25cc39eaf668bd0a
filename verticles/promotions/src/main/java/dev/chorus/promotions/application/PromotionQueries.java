package dev.chorus.promotions.application;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.util.UUID;

/** Queries on the coupons and points read models. */
public final class PromotionQueries {

  private static final String COUPONS = "select code, kind, amount, issued_at from coupons where customer_id = $1 order by issued_at, code";
  private static final String POINTS = "select invitee, points, awarded_at from points_entries where customer_id = $1 order by awarded_at, invitee";

  private final SqlClient pool;

  public PromotionQueries(SqlClient pool) {
    this.pool = pool;
  }

  /** {@code [{"code", "kind", "amount", "issuedAt"}]}. */
  public Future<JsonArray> coupons(UUID customerId) {
    return pool.preparedQuery(COUPONS).execute(Tuple.of(customerId)).map(rows -> {
      JsonArray coupons = new JsonArray();
      for (Row row : rows) {
        coupons.add(new JsonObject().put("code", row.getString(0)).put("kind", row.getString(1)).put("amount", row.getLong(2))
          .put("issuedAt", row.getOffsetDateTime(3).toInstant().toString()));
      }
      return coupons;
    });
  }

  /** {@code {"customerId", "balance", "entries": [{"invitee", "points", "awardedAt"}]}}. */
  public Future<JsonObject> points(UUID customerId) {
    return pool.preparedQuery(POINTS).execute(Tuple.of(customerId)).map(rows -> {
      JsonArray entries = new JsonArray();
      long balance = 0;
      for (Row row : rows) {
        balance += row.getInteger(1);
        entries.add(new JsonObject().put("invitee", row.getUUID(0).toString()).put("points", row.getInteger(1))
          .put("awardedAt", row.getOffsetDateTime(2).toInstant().toString()));
      }
      return new JsonObject().put("customerId", customerId.toString()).put("balance", balance).put("entries", entries);
    });
  }
}
