package dev.chorus.customers.application;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.util.Optional;
import java.util.UUID;

/** Queries on the customer directory (the customers read model). */
public final class CustomerQueries {

  private static final String FIND = "select id, email, name, invited_by, registered_at from customers where id = $1";
  private static final String EXISTS = "select 1 from customers where id = $1";

  private final SqlClient pool;

  public CustomerQueries(SqlClient pool) {
    this.pool = pool;
  }

  public Future<Optional<CustomerView>> find(UUID id) {
    return pool.preparedQuery(FIND).execute(Tuple.of(id)).map(rows -> {
      if (rows.size() == 0) {
        return Optional.empty();
      }
      Row row = rows.iterator().next();
      return Optional.of(new CustomerView(row.getUUID(0), row.getString(1), row.getString(2), row.getUUID(3),
        row.getOffsetDateTime(4).toInstant()));
    });
  }

  public Future<Boolean> exists(UUID id) {
    return pool.preparedQuery(EXISTS).execute(Tuple.of(id)).map(rows -> rows.size() > 0);
  }
}
