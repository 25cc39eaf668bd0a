package dev.chorus.inventory.application;

import dev.chorus.contracts.inventory.StockEvent;
import dev.chorus.inventory.domain.Product;
import dev.chorus.platform.command.CommandEffects;
import dev.chorus.platform.command.SqlWrite;
import io.vertx.sqlclient.Tuple;

import java.util.List;

/** The products table follows every stock event, in the event's own transaction. */
final class ProductWrites implements CommandEffects<StockEvent, Product> {

  private static final String UPSERT = """
    insert into products (sku, name, price, initial, restocked, available, reserved, sold) values ($1, $2, $3, $4, $5, $6, $7, $8)
    on conflict (sku) do update set restocked = excluded.restocked, available = excluded.available,
      reserved = excluded.reserved, sold = excluded.sold""";

  @Override
  public List<SqlWrite> writes(String streamId, List<StockEvent> events, Product product) {
    return List.of(SqlWrite.of(UPSERT, Tuple.of(product.sku(), product.name(), product.price(), product.initial(), product.restocked(),
      product.available(), product.reserved(), product.sold())));
  }
}
