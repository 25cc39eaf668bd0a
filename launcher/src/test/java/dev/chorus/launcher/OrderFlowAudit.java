package dev.chorus.launcher;

import dev.chorus.platform.db.DatabaseUrl;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A recount of the order flow from the contexts' own logs, read straight from PostgreSQL: what each order
 * became, what stock was reserved, released and committed for it, what was captured and refunded, what was
 * shipped. The test compares it with the contexts' HTTP answers and with the invariants.
 */
final class OrderFlowAudit {

  /** An order as its log tells it. */
  record Order(String id, String customerId, long total, String status, int finals) {
  }

  /** Stock moved for one order on one sku. */
  record Stock(long reserved, long released, long committed, int commits) {
  }

  /** Money moved for one order. */
  record Money(long captured, long refunded, int captures, int refunds) {
  }

  /** One product's log: its initial stock, restocks and sales. */
  record Product(long initial, long restocked, long committed) {
  }

  /** One wallet's log. */
  record Wallet(long deposited, long captured, long refunded) {
  }

  final Map<String, Order> orders = new HashMap<>();
  final Map<String, Stock> stock = new HashMap<>();
  final Map<String, Money> money = new HashMap<>();
  final Map<String, Integer> shipments = new HashMap<>();
  final Map<String, Product> products = new HashMap<>();
  final Map<String, Wallet> wallets = new HashMap<>();
  /** Each order's conversations: the correlation ids of the events that name it, in every context's log. */
  final Map<String, Set<String>> conversations = new HashMap<>();

  /** The contexts whose events name an order. */
  private static final List<String> CONVERSING = List.of("orders", "inventory", "payments", "shipping");

  static OrderFlowAudit of(DatabaseUrl database) throws SQLException {
    return of(context -> database);
  }

  /** The recount, each context's log read from its own database. */
  static OrderFlowAudit of(Function<String, DatabaseUrl> databaseOf) throws SQLException {
    OrderFlowAudit audit = new OrderFlowAudit();
    read(databaseOf.apply("orders"), audit::readOrders);
    read(databaseOf.apply("inventory"), audit::readStock);
    read(databaseOf.apply("payments"), audit::readMoney);
    read(databaseOf.apply("shipping"), audit::readShipments);
    for (String context : CONVERSING) {
      read(databaseOf.apply(context), sql -> audit.readConversations(sql, context));
    }
    return audit;
  }

  /** What to read from one database. */
  private interface Reading {
    void read(Statement sql) throws SQLException;
  }

  private static void read(DatabaseUrl database, Reading reading) throws SQLException {
    try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.jdbcProperties());
         Statement sql = connection.createStatement()) {
      reading.read(sql);
    }
  }

  /** The key of {@link #stock}. */
  static String stockKey(String orderId, String sku) {
    return orderId + "/" + sku;
  }

  /** What to do with each row of a query. */
  private interface RowReader {
    void read(ResultSet row) throws SQLException;
  }

  private static void each(Statement sql, String query, RowReader reader) throws SQLException {
    try (ResultSet rows = sql.executeQuery(query)) {
      while (rows.next()) {
        reader.read(rows);
      }
    }
  }

  private void readOrders(Statement sql) throws SQLException {
    each(sql, """
      select p.payload->>'orderId', p.payload->>'customerId', (p.payload->>'total')::bigint,
             (select f.type from orders.events f where f.stream_id = p.stream_id and f.type <> 'orders.PaymentRequested.v1'
               order by f.version desc limit 1),
             (select count(*) from orders.events f where f.stream_id = p.stream_id
               and f.type in ('orders.OrderConfirmed.v1', 'orders.OrderRejected.v1', 'orders.OrderCancelled.v1'))
      from orders.events p where p.type = 'orders.OrderPlaced.v1'""", rows -> {
      String status = switch (rows.getString(4)) {
        case "orders.OrderConfirmed.v1" -> "CONFIRMED";
        case "orders.OrderRejected.v1" -> "REJECTED";
        case "orders.OrderCancelled.v1" -> "CANCELLED";
        default -> "PENDING";
      };
      orders.put(rows.getString(1), new Order(rows.getString(1), rows.getString(2), rows.getLong(3), status, rows.getInt(5)));
    });
  }

  private void readStock(Statement sql) throws SQLException {
    each(sql, """
      select payload->>'orderId', payload->>'sku',
             coalesce(sum((payload->>'quantity')::bigint) filter (where type = 'inventory.StockReserved.v1'), 0),
             coalesce(sum((payload->>'quantity')::bigint) filter (where type = 'inventory.StockReleased.v1'), 0),
             coalesce(sum((payload->>'quantity')::bigint) filter (where type = 'inventory.StockCommitted.v1'), 0),
             count(*) filter (where type = 'inventory.StockCommitted.v1')
      from inventory.events
      where type in ('inventory.StockReserved.v1', 'inventory.StockReleased.v1', 'inventory.StockCommitted.v1')
      group by 1, 2""", rows -> {
      stock.put(stockKey(rows.getString(1), rows.getString(2)), new Stock(rows.getLong(3), rows.getLong(4), rows.getLong(5), rows.getInt(6)));
    });
    each(sql, """
      select payload->>'sku',
             coalesce(sum((payload->>'available')::bigint) filter (where type = 'inventory.ProductAdded.v1'), 0),
             coalesce(sum((payload->>'quantity')::bigint) filter (where type = 'inventory.ProductRestocked.v1'), 0),
             coalesce(sum((payload->>'quantity')::bigint) filter (where type = 'inventory.StockCommitted.v1'), 0)
      from inventory.events
      where type in ('inventory.ProductAdded.v1', 'inventory.ProductRestocked.v1', 'inventory.StockCommitted.v1')
      group by 1""", rows -> {
      products.put(rows.getString(1), new Product(rows.getLong(2), rows.getLong(3), rows.getLong(4)));
    });
  }

  private void readMoney(Statement sql) throws SQLException {
    each(sql, """
      select payload->>'orderId',
             coalesce(sum((payload->>'amount')::bigint) filter (where type = 'payments.PaymentCaptured.v1'), 0),
             coalesce(sum((payload->>'amount')::bigint) filter (where type = 'payments.PaymentRefunded.v1'), 0),
             count(*) filter (where type = 'payments.PaymentCaptured.v1'),
             count(*) filter (where type = 'payments.PaymentRefunded.v1')
      from payments.events
      where type in ('payments.PaymentCaptured.v1', 'payments.PaymentRefunded.v1')
      group by 1""", rows -> {
      money.put(rows.getString(1), new Money(rows.getLong(2), rows.getLong(3), rows.getInt(4), rows.getInt(5)));
    });
    each(sql, """
      select payload->>'customerId',
             coalesce(sum((payload->>'amount')::bigint) filter (where type = 'payments.Deposited.v1'), 0),
             coalesce(sum((payload->>'amount')::bigint) filter (where type = 'payments.PaymentCaptured.v1'), 0),
             coalesce(sum((payload->>'amount')::bigint) filter (where type = 'payments.PaymentRefunded.v1'), 0)
      from payments.events
      where type in ('payments.Deposited.v1', 'payments.PaymentCaptured.v1', 'payments.PaymentRefunded.v1')
      group by 1""", rows -> {
      wallets.put(rows.getString(1), new Wallet(rows.getLong(2), rows.getLong(3), rows.getLong(4)));
    });
  }

  private void readShipments(Statement sql) throws SQLException {
    each(sql, """
      select payload->>'orderId', count(*) from shipping.events where type = 'shipping.ShipmentScheduled.v1' group by 1""", rows -> {
      shipments.put(rows.getString(1), rows.getInt(2));
    });
  }

  private void readConversations(Statement sql, String context) throws SQLException {
    each(sql, "select payload->>'orderId', metadata->>'correlationId' from " + context + ".events where payload ? 'orderId'",
      rows -> conversations.computeIfAbsent(rows.getString(1), id -> new HashSet<>()).add(rows.getString(2)));
  }
}
