package dev.chorus.inventory.application;

import dev.chorus.contracts.inventory.InventoryEvent;
import dev.chorus.contracts.inventory.StockEvent;
import dev.chorus.contracts.orders.OrderCancelled;
import dev.chorus.contracts.orders.OrderConfirmed;
import dev.chorus.contracts.orders.OrderEvent;
import dev.chorus.contracts.orders.OrderLine;
import dev.chorus.contracts.orders.OrderPlaced;
import dev.chorus.contracts.orders.OrderRejected;
import dev.chorus.inventory.domain.Product;
import dev.chorus.inventory.domain.ProductCommand;
import dev.chorus.inventory.domain.ReservationCommand;
import dev.chorus.inventory.domain.ReservationDecider;
import dev.chorus.inventory.domain.Skus;
import dev.chorus.platform.command.CommandRuntime;
import dev.chorus.platform.command.Prepared;
import dev.chorus.platform.command.SqlWrite;
import dev.chorus.platform.subscription.Cause;
import dev.chorus.platform.subscription.Effects;
import dev.chorus.platform.subscription.EventHandlers;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * Stock for orders: a placed order reserves every line or none (one transaction over the products' streams);
 * a confirmed order's reservation is committed; a rejected or cancelled one is released.
 */
final class OrderStockPolicy {

  private final CommandRuntime<ProductCommand, StockEvent, Product> products;
  private final CommandRuntime<ReservationCommand, InventoryEvent, ReservationDecider.Outcome> reservations;
  private final ReservedLines reservedLines;

  private OrderStockPolicy(CommandRuntime<ProductCommand, StockEvent, Product> products,
                           CommandRuntime<ReservationCommand, InventoryEvent, ReservationDecider.Outcome> reservations, SqlClient reads) {
    this.products = products;
    this.reservations = reservations;
    this.reservedLines = new ReservedLines(reads);
  }

  static EventHandlers<OrderEvent> handlers(CommandRuntime<ProductCommand, StockEvent, Product> products,
                                            CommandRuntime<ReservationCommand, InventoryEvent, ReservationDecider.Outcome> reservations,
                                            SqlClient reads) {
    OrderStockPolicy policy = new OrderStockPolicy(products, reservations, reads);
    return EventHandlers.following(InventoryTypes.ORDERS)
      .on(OrderPlaced.class, policy::reserve)
      .on(OrderConfirmed.class, (confirmed, cause) ->
        policy.settle(confirmed.orderId(), cause, sku -> new ProductCommand.Commit(sku, confirmed.orderId())))
      .on(OrderRejected.class, policy::release)
      .on(OrderCancelled.class, policy::release)
      .build();
  }

  /** Every line reserved, or none and a rejection that says which product fell short. */
  private Future<Effects> reserve(OrderPlaced placed, Cause cause) {
    Map<String, Long> lines = new LinkedHashMap<>();
    for (OrderLine line : placed.lines()) {
      lines.merge(line.sku(), line.quantity(), Long::sum);
    }
    Future<Prepared<InventoryEvent>> reserved = reservations.prepare(
      cause.command(ReservationDecider.stream(placed.orderId()), new ReservationCommand.Reserved(placed.orderId())));
    List<Future<Prepared<StockEvent>>> stock = new ArrayList<>();
    lines.forEach((sku, quantity) -> stock.add(products.prepare(
      cause.command(Skus.stream(sku), new ProductCommand.Reserve(sku, placed.orderId(), quantity)))));
    return Future.all(stock).compose(all -> reserved).compose(outcome -> {
      if (outcome.append() == null) {
        return Future.succeededFuture(Effects.NONE);       // decided already
      }
      List<String> shortfalls = stock.stream().map(Future::result).filter(Prepared::refused).map(p -> p.rejection().message()).toList();
      if (!shortfalls.isEmpty()) {
        return reservations.prepare(cause.command(ReservationDecider.stream(placed.orderId()),
            new ReservationCommand.Rejected(placed.orderId(), String.join("; ", shortfalls))))
          .map(rejected -> Effects.of(List.of(rejected)));
      }
      List<Prepared<?>> commands = new ArrayList<>();
      stock.forEach(prepared -> commands.add(prepared.result()));
      commands.add(reservedLines.remembering(outcome, placed.orderId(), lines));
      List<SqlWrite> writes = new ArrayList<>();
      lines.forEach((sku, quantity) -> writes.add(SqlWrite.of(ReservedLines.ADD_LINE, Tuple.of(placed.orderId(), sku, quantity))));
      return Future.succeededFuture(new Effects(commands, writes));
    });
  }

  /** A rejected or cancelled order's reservation, released. */
  private Future<Effects> release(OrderEvent ended, Cause cause) {
    return settle(ended.orderId(), cause, sku -> new ProductCommand.Release(sku, ended.orderId()));
  }

  private Future<Effects> settle(UUID orderId, Cause cause, Function<String, ProductCommand> command) {
    return reservedLines.of(orderId).compose(lines -> {
      List<Future<Prepared<StockEvent>>> settled = new ArrayList<>();
      for (String sku : lines.keySet()) {
        settled.add(products.prepare(cause.command(Skus.stream(sku), command.apply(sku))));
      }
      return Future.all(settled).map(all -> Effects.of(settled.stream().<Prepared<?>>map(Future::result).toList()));
    });
  }
}
