package dev.chorus.shipping.application;

import dev.chorus.contracts.shipping.ShipmentScheduled;
import dev.chorus.platform.command.CommandEffects;
import dev.chorus.platform.command.SqlWrite;
import dev.chorus.shipping.domain.CarrierPromotionAdded;
import io.vertx.sqlclient.Tuple;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** The promotions and shipments tables follow shipping's events, in their own transaction. */
final class ShippingWrites implements CommandEffects<Record, Boolean> {

  private static final String PROMOTION = "insert into carrier_promotions (id, carrier, region, discount_percent, until) values ($1, $2, $3, $4, $5)";
  private static final String SHIPMENT = "insert into shipments (order_id, customer_id, carrier, region, status, at) values ($1, $2, $3, $4, 'SCHEDULED', $5)";

  @Override
  public List<SqlWrite> writes(String streamId, List<Record> events, Boolean exists) {
    List<SqlWrite> writes = new ArrayList<>();
    for (Record event : events) {
      if (event instanceof CarrierPromotionAdded added) {
        writes.add(SqlWrite.of(PROMOTION, Tuple.of(added.id(), added.carrier(), added.region(), added.discountPercent(),
          added.until().atOffset(ZoneOffset.UTC))));
      } else if (event instanceof ShipmentScheduled scheduled) {
        writes.add(SqlWrite.of(SHIPMENT, Tuple.of(scheduled.orderId(), scheduled.customerId(), scheduled.carrier(), scheduled.region(),
          scheduled.at().atOffset(ZoneOffset.UTC))));
      } else {
        throw new IllegalArgumentException("a shipping event these writes do not know: " + event);
      }
    }
    return writes;
  }
}
