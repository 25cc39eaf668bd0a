package dev.chorus.orders.application;

import dev.chorus.contracts.inventory.InventoryEvent;
import dev.chorus.contracts.inventory.StockReservationFailed;
import dev.chorus.contracts.inventory.OrderStockReserved;
import dev.chorus.contracts.inventory.ProductAdded;
import dev.chorus.contracts.inventory.StockEvent;
import dev.chorus.orders.domain.OrderCommand;
import dev.chorus.platform.command.SqlWrite;
import dev.chorus.platform.eventstore.RecordedEvent;
import dev.chorus.platform.subscription.Effects;
import dev.chorus.platform.subscription.SubscriptionHandler;
import io.vertx.core.Future;
import io.vertx.sqlclient.Tuple;

import java.time.Clock;
import java.util.List;

/**
 * From inventory's log: the catalogue orders validates against (products, stock known so far), and each order's
 * reservation outcome for its process.
 */
final class InventoryReports implements SubscriptionHandler {

  private static final String PRODUCT = "insert into catalogue (sku, name, list_price, available) values ($1, $2, $3, $4)"
    + " on conflict (sku) do update set name = excluded.name, list_price = excluded.list_price, available = excluded.available";
  private static final String STOCK = "insert into catalogue (sku, available) values ($1, $2)"
    + " on conflict (sku) do update set available = excluded.available";

  private final ProcessSteps steps;
  private final Clock clock;

  InventoryReports(ProcessSteps steps, Clock clock) {
    this.steps = steps;
    this.clock = clock;
  }

  @Override
  public Future<Effects> prepare(RecordedEvent event) {
    if (!OrderTypes.INVENTORY.knows(event.type())) {
      return Future.succeededFuture(Effects.NONE);
    }
    InventoryEvent decoded = OrderTypes.INVENTORY.decode(event.type(), event.payload());
    if (decoded instanceof OrderStockReserved reserved) {
      return steps.apply(reserved.orderId(), new OrderCommand.StockReserved(clock.instant()), event);
    }
    if (decoded instanceof StockReservationFailed rejected) {
      return steps.apply(rejected.orderId(), new OrderCommand.StockRejected(rejected.reason(), clock.instant()), event);
    }
    StockEvent stock = (StockEvent) decoded;
    SqlWrite write = stock instanceof ProductAdded added
      ? SqlWrite.of(PRODUCT, Tuple.of(added.sku(), added.name(), added.price(), added.available()))
      : SqlWrite.of(STOCK, Tuple.of(stock.sku(), stock.available()));
    return Future.succeededFuture(Effects.writes(List.of(write)));
  }
}
