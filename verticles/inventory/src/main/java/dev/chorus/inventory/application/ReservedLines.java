package dev.chorus.inventory.application;

import dev.chorus.contracts.inventory.InventoryEvent;
import dev.chorus.platform.command.Prepared;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The lines of an order's reservation, for settling it. The reservations this node committed lately are
 * remembered once their transaction commits (a settlement usually arrives on the node that reserved: both follow
 * the order's partition); any other — reserved elsewhere, before a restart, or forgotten — is read from
 * {@code reservation_lines}, written in the reservation's own transaction. Either way the answer is what was
 * committed: a reservation that was rejected, or never committed, has no lines.
 */
final class ReservedLines {

  static final String ADD_LINE = "insert into reservation_lines (order_id, sku, quantity) values ($1, $2, $3) on conflict do nothing";
  private static final String LINES = "select sku, quantity from reservation_lines where order_id = $1 order by sku";
  private static final int REMEMBERED = 50_000;

  private final SqlClient reads;
  private final Map<UUID, Map<String, Long>> recent = new LinkedHashMap<>() {
    @Override
    protected boolean removeEldestEntry(Map.Entry<UUID, Map<String, Long>> eldest) {
      return size() > REMEMBERED;
    }
  };

  ReservedLines(SqlClient reads) {
    this.reads = reads;
  }

  /** The same reservation, remembering its lines once it commits. */
  Prepared<InventoryEvent> remembering(Prepared<InventoryEvent> reservation, UUID orderId, Map<String, Long> lines) {
    Map<String, Long> kept = Collections.unmodifiableMap(new TreeMap<>(lines));
    return new Prepared<>(reservation.append(), reservation.writes(), reservation.events(), reservation.rejection(), () -> {
      reservation.committed().run();
      synchronized (recent) {
        recent.put(orderId, kept);
      }
    }, reservation.conflicted());
  }

  /** SKU and quantity of every line the order's committed reservation holds, by SKU; none when it holds nothing. */
  Future<Map<String, Long>> of(UUID orderId) {
    Map<String, Long> known;
    synchronized (recent) {
      known = recent.get(orderId);
    }
    if (known != null) {
      return Future.succeededFuture(known);
    }
    return reads.preparedQuery(LINES).execute(Tuple.of(orderId)).map(rows -> {
      Map<String, Long> lines = new LinkedHashMap<>();
      for (Row row : rows) {
        lines.put(row.getString(0), row.getLong(1));
      }
      return lines;
    });
  }
}
