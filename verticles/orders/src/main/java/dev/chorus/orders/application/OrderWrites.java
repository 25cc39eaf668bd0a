package dev.chorus.orders.application;

import dev.chorus.contracts.orders.OrderCancelled;
import dev.chorus.contracts.orders.OrderConfirmed;
import dev.chorus.contracts.orders.OrderEvent;
import dev.chorus.contracts.orders.OrderLine;
import dev.chorus.contracts.orders.OrderPlaced;
import dev.chorus.contracts.orders.OrderRejected;
import dev.chorus.contracts.orders.PaymentRequested;
import dev.chorus.orders.domain.Order;
import dev.chorus.platform.command.CommandEffects;
import dev.chorus.platform.command.SqlWrite;
import dev.chorus.platform.deadline.Deadlines;
import dev.chorus.platform.eventstore.Partitioner;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The orders read model and the order's deadline follow every order event, in the event's own transaction: a
 * placed order is readable at once, and its deadline is set with it and cleared when it ends.
 */
final class OrderWrites implements CommandEffects<OrderEvent, Order> {

  private static final String ORDER = "insert into orders (id, customer_id, status, total, region, placed_at, updated_at)"
    + " values ($1, $2, 'PENDING', $3, $4, $5, $5)";
  private static final String LINE = "insert into order_lines (order_id, line, sku, quantity, unit_price) values ($1, $2, $3, $4, $5)";
  private static final String HISTORY = "insert into order_history (order_id, seq, status, reason, at)"
    + " values ($1, (select coalesce(max(seq), 0) + 1 from order_history where order_id = $1), $2, $3, $4)";
  private static final String ENDED = "update orders set status = $2, reason = $3, updated_at = $4 where id = $1";

  private final Partitioner partitioner;
  private final Duration deadline;
  private final Clock clock;

  OrderWrites(Partitioner partitioner, Duration deadline, Clock clock) {
    this.partitioner = partitioner;
    this.deadline = deadline;
    this.clock = clock;
  }

  @Override
  public List<SqlWrite> writes(String streamId, List<OrderEvent> events, Order order) {
    List<SqlWrite> writes = new ArrayList<>();
    for (OrderEvent event : events) {
      if (event instanceof OrderPlaced placed) {
        writes.add(SqlWrite.of(ORDER, Tuple.of(placed.orderId(), placed.customerId(), placed.total(), placed.region(), utc(placed.placedAt()))));
        for (int i = 0; i < placed.lines().size(); i++) {
          OrderLine line = placed.lines().get(i);
          writes.add(SqlWrite.of(LINE, Tuple.of(placed.orderId(), i + 1, line.sku(), line.quantity(), line.unitPrice())));
        }
        writes.add(history(placed.orderId(), "PENDING", null, placed.placedAt()));
        writes.add(Deadlines.schedule(deadlineId(placed.orderId()), partitioner.partitionOf(streamId), clock.instant().plus(deadline),
          new JsonObject().put("orderId", placed.orderId().toString())));
      } else if (event instanceof OrderConfirmed confirmed) {
        writes.addAll(ended(confirmed.orderId(), "CONFIRMED", null, confirmed.at()));
      } else if (event instanceof OrderRejected rejected) {
        writes.addAll(ended(rejected.orderId(), "REJECTED", rejected.reason(), rejected.at()));
      } else if (event instanceof OrderCancelled cancelled) {
        writes.addAll(ended(cancelled.orderId(), "CANCELLED", cancelled.reason(), cancelled.at()));
      } else if (event instanceof PaymentRequested) {
        writes.add(history(event.orderId(), "PAYMENT_REQUESTED", null, clock.instant()));
      } else {
        throw new IllegalArgumentException("an order event these writes do not know: " + event);
      }
    }
    return writes;
  }

  static String deadlineId(UUID orderId) {
    return "order-deadline-" + orderId;
  }

  private List<SqlWrite> ended(UUID orderId, String status, String reason, Instant at) {
    return List.of(SqlWrite.of(ENDED, Tuple.of(orderId, status, reason, utc(at))), history(orderId, status, reason, at),
      Deadlines.clear(deadlineId(orderId)));
  }

  private static SqlWrite history(UUID orderId, String status, String reason, Instant at) {
    return SqlWrite.of(HISTORY, Tuple.of(orderId, status, reason, utc(at)));
  }

  private static Object utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
