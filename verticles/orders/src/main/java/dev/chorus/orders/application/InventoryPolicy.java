package dev.chorus.orders.application;

import dev.chorus.contracts.inventory.InventoryEvent;
import dev.chorus.contracts.inventory.OrderStockReserved;
import dev.chorus.contracts.inventory.ProductAdded;
import dev.chorus.contracts.inventory.StockEvent;
import dev.chorus.contracts.inventory.StockReservationFailed;
import dev.chorus.orders.domain.OrderCommand;
import dev.chorus.platform.command.SqlWrite;
import dev.chorus.platform.subscription.EventHandlers;
import io.vertx.sqlclient.Tuple;

import java.time.Clock;

/**
 * From inventory's log: the catalogue orders validates against (products, stock known so far), and each order's
 * reservation outcome for its process.
 */
final class InventoryPolicy {

  private static final String PRODUCT = "insert into catalogue (sku, name, list_price, available) values ($1, $2, $3, $4)"
    + " on conflict (sku) do update set name = excluded.name, list_price = excluded.list_price, available = excluded.available";
  private static final String STOCK = "insert into catalogue (sku, available) values ($1, $2)"
    + " on conflict (sku) do update set available = excluded.available";

  private InventoryPolicy() {
  }

  static EventHandlers<InventoryEvent> handlers(ProcessSteps steps, Clock clock) {
    return EventHandlers.following(OrderTypes.INVENTORY)
      .on(OrderStockReserved.class, (reserved, cause) ->
        steps.apply(reserved.orderId(), new OrderCommand.StockReserved(clock.instant()), cause))
      .on(StockReservationFailed.class, (failed, cause) ->
        steps.apply(failed.orderId(), new OrderCommand.StockRejected(failed.reason(), clock.instant()), cause))
      .project(ProductAdded.class, (added, cause) ->
        SqlWrite.of(PRODUCT, Tuple.of(added.sku(), added.name(), added.price(), added.available())))
      .project(StockEvent.class, (stock, cause) -> SqlWrite.of(STOCK, Tuple.of(stock.sku(), stock.available())))
      .build();
  }
}
