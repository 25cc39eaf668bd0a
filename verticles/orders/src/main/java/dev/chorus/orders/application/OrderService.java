package dev.chorus.orders.application;

import dev.chorus.contracts.orders.OrderEvent;
import dev.chorus.contracts.orders.OrderLine;
import dev.chorus.orders.domain.Order;
import dev.chorus.orders.domain.OrderCommand;
import dev.chorus.platform.command.Command;
import dev.chorus.platform.command.CommandContext;
import dev.chorus.platform.command.CommandResult;
import dev.chorus.platform.command.CommandRuntime;
import dev.chorus.platform.decider.Rejection;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Takes orders: checks them against what orders knows of the catalogue (no call to another context, ever),
 * prices them at the latest price heard of, and places them.
 */
public final class OrderService {

  static final String UNKNOWN_SKU = "unknown-sku";
  static final String INSUFFICIENT_STOCK = "insufficient-stock";
  private static final String CATALOGUE = "select sku, coalesce(price, list_price), available from catalogue"
    + " where sku = any($1) and list_price is not null";
  private static final String DEFAULT_REGION = "default";

  private final CommandRuntime<OrderCommand, OrderEvent, Order> orders;
  private final SqlClient reads;
  private final Clock clock;

  OrderService(CommandRuntime<OrderCommand, OrderEvent, Order> orders, SqlClient reads, Clock clock) {
    this.orders = orders;
    this.reads = reads;
    this.clock = clock;
  }

  /** @param context the command's id (when the client made it idempotent) and provenance */
  public Future<CommandResult<OrderEvent>> place(Placement placement, CommandContext context) {
    return orders.earlier(context).compose(earlier -> earlier.isPresent() ? Future.succeededFuture(earlier.get()) : check(placement, context));
  }

  /** Checks the order against the catalogue as orders knows it now, and places it. */
  private Future<CommandResult<OrderEvent>> check(Placement placement, CommandContext context) {
    String[] skus = placement.lines().stream().map(Placement.Line::sku).distinct().toArray(String[]::new);
    return reads.preparedQuery(CATALOGUE).execute(Tuple.tuple().addArrayOfString(skus)).compose(rows -> {
      Map<String, Row> known = new HashMap<>();
      rows.forEach(row -> known.put(row.getString(0), row));
      Map<String, Long> wanted = new HashMap<>();
      placement.lines().forEach(line -> wanted.merge(line.sku(), line.quantity(), Long::sum));
      for (Map.Entry<String, Long> want : wanted.entrySet()) {
        Row product = known.get(want.getKey());
        if (product == null) {
          return refuse(UNKNOWN_SKU, "no product " + want.getKey() + " is known");
        }
        if (product.getLong(2) < want.getValue()) {
          return refuse(INSUFFICIENT_STOCK, want.getKey() + ": " + want.getValue() + " wanted, " + product.getLong(2) + " known in stock");
        }
      }
      List<OrderLine> lines = new ArrayList<>();
      placement.lines().forEach(line -> lines.add(new OrderLine(line.sku(), line.quantity(), known.get(line.sku()).getLong(1))));
      UUID orderId = UUID.randomUUID();
      return orders.handle(Command.toNewStream(Order.stream(orderId), new OrderCommand.Place(orderId, placement.customerId(), lines,
        DEFAULT_REGION, clock.instant().truncatedTo(ChronoUnit.MICROS)), context));
    });
  }

  private static Future<CommandResult<OrderEvent>> refuse(String code, String message) {
    return Future.succeededFuture(new CommandResult.Rejected<>(new Rejection(code, message)));
  }
}
