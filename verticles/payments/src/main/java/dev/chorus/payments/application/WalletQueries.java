package dev.chorus.payments.application;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.UUID;

/** A wallet's balance and ledger. */
public final class WalletQueries {

  private static final String BALANCE = "select balance from wallets where customer_id = $1";
  private static final String ENTRIES = "select kind, amount, order_id, at from wallet_entries where customer_id = $1 order by version";

  private final SqlClient client;

  public WalletQueries(SqlClient client) {
    this.client = client;
  }

  /** {@code {"customerId", "balance", "entries": [{"kind", "amount", "orderId", "at"}]}}; an unused wallet is empty. */
  public Future<JsonObject> wallet(UUID customerId) {
    Future<Long> balance = client.preparedQuery(BALANCE).execute(Tuple.of(customerId))
      .map(rows -> rows.size() == 0 ? 0L : rows.iterator().next().getLong(0));
    Future<JsonArray> entries = client.preparedQuery(ENTRIES).execute(Tuple.of(customerId)).map(rows -> {
      JsonArray list = new JsonArray();
      for (Row row : rows) {
        list.add(new JsonObject().put("kind", row.getString(0)).put("amount", row.getLong(1))
          .put("orderId", row.getUUID(2) == null ? null : row.getUUID(2).toString())
          .put("at", row.getOffsetDateTime(3).toInstant().toString()));
      }
      return list;
    });
    return Future.all(balance, entries).map(all -> new JsonObject().put("customerId", customerId.toString())
      .put("balance", balance.result()).put("entries", entries.result()));
  }
}
