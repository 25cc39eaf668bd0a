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
import dev.chorus.inventory.domain.Reservation;
import dev.chorus.inventory.domain.Skus;
import dev.chorus.platform.command.Command;
import dev.chorus.platform.command.CommandContext;
import dev.chorus.platform.command.CommandRuntime;
import dev.chorus.platform.command.Prepared;
import dev.chorus.platform.command.SqlWrite;
import dev.chorus.platform.eventstore.RecordedEvent;
import dev.chorus.platform.subscription.Effects;
import dev.chorus.platform.subscription.SubscriptionHandler;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Stock for orders: a placed order reserves every line or none (one transaction over the products' streams);
 * a confirmed order's reservation is committed; a rejected or cancelled one is released.
 */
final class OrderStockPolicy implements SubscriptionHandler {

  private final CommandRuntime<ProductCommand, StockEvent, Product> products;
  private final CommandRuntime<Reservation.Command, InventoryEvent, Reservation.Outcome> reservations;
  private final ReservedLines reservedLines;

  OrderStockPolicy(CommandRuntime<ProductCommand, StockEvent, Product> products,
                   CommandRuntime<Reservation.Command, InventoryEvent, Reservation.Outcome> reservations, SqlClient reads) {
    this.products = products;
    this.reservations = reservations;
    this.reservedLines = new ReservedLines(reads);
  }

  @Override
  public Future<Effects> prepare(RecordedEvent event) {
    if (!InventoryTypes.ORDERS.knows(event.type())) {
      return Future.succeededFuture(Effects.NONE);
    }
    OrderEvent order = InventoryTypes.ORDERS.decode(event.type(), event.payload());
    CommandContext context = new CommandContext(Optional.empty(), "", event.eventId(), Optional.of(event.eventId()));
    if (order instanceof OrderPlaced placed) {
      return reserve(placed, context);
    }
    if (order instanceof OrderConfirmed) {
      return settle(order.orderId(), context, sku -> new ProductCommand.Commit(sku, order.orderId()));
    }
    if (order instanceof OrderRejected || order instanceof OrderCancelled) {
      return settle(order.orderId(), context, sku -> new ProductCommand.Release(sku, order.orderId()));
    }
    return Future.succeededFuture(Effects.NONE);
  }

  /** Every line reserved, or none and a rejection that says which product fell short. */
  private Future<Effects> reserve(OrderPlaced placed, CommandContext context) {
    Map<String, Long> lines = new LinkedHashMap<>();
    for (OrderLine line : placed.lines()) {
      lines.merge(line.sku(), line.quantity(), Long::sum);
    }
    Future<Prepared<InventoryEvent>> reserved = reservations.prepare(
      new Command<>(Reservation.stream(placed.orderId()), new Reservation.Reserved(placed.orderId()), context));
    List<Future<Prepared<StockEvent>>> stock = new ArrayList<>();
    lines.forEach((sku, quantity) -> stock.add(products.prepare(
      new Command<>(Skus.stream(sku), new ProductCommand.Reserve(sku, placed.orderId(), quantity), context))));
    return Future.all(stock).compose(all -> reserved).compose(outcome -> {
      if (outcome.append() == null) {
        return Future.succeededFuture(Effects.NONE);       // decided already
      }
      List<String> shortfalls = stock.stream().map(Future::result).filter(Prepared::refused).map(p -> p.rejection().message()).toList();
      if (!shortfalls.isEmpty()) {
        return reservations.prepare(new Command<>(Reservation.stream(placed.orderId()),
            new Reservation.Rejected(placed.orderId(), String.join("; ", shortfalls)), context))
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

  private Future<Effects> settle(UUID orderId, CommandContext context, java.util.function.Function<String, ProductCommand> command) {
    return reservedLines.of(orderId).compose(lines -> {
      List<Future<Prepared<StockEvent>>> settled = new ArrayList<>();
      for (String sku : lines.keySet()) {
        settled.add(products.prepare(new Command<>(Skus.stream(sku), command.apply(sku), context)));
      }
      return Future.all(settled).map(all -> Effects.of(settled.stream().<Prepared<?>>map(Future::result).toList()));
    });
  }
}
