package dev.chorus.inventory.application;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.Optional;

/** Queries on the products table. */
public final class ProductQueries {

  private static final String FIND = "select sku, name, price, initial, restocked, available, reserved, sold from products where sku = $1";

  private final SqlClient client;

  public ProductQueries(SqlClient client) {
    this.client = client;
  }

  public Future<Optional<ProductView>> find(String sku) {
    return client.preparedQuery(FIND).execute(Tuple.of(sku)).map(rows -> {
      if (rows.size() == 0) {
        return Optional.empty();
      }
      Row row = rows.iterator().next();
      return Optional.of(new ProductView(row.getString(0), row.getString(1), row.getLong(2), row.getLong(3), row.getLong(4),
        row.getLong(5), row.getLong(6), row.getLong(7)));
    });
  }
}
