package dev.chorus.shipping.application;

import dev.chorus.contracts.orders.OrderConfirmed;
import dev.chorus.platform.command.CommandRuntime;
import dev.chorus.platform.subscription.Cause;
import dev.chorus.platform.subscription.Effects;
import dev.chorus.platform.subscription.EventHandlers;
import dev.chorus.shipping.domain.ShippingCommand;
import dev.chorus.shipping.domain.ShippingDecider;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;

/**
 * One shipment for each confirmed order, with the carrier offering the best running promotion in the order's
 * region (the {@code default} region's otherwise; the standard carrier when none runs).
 */
final class ShipmentPolicy {

  static final String STANDARD_CARRIER = "standard-post";
  private static final String BEST_CARRIER = "select carrier from carrier_promotions where region in ($1, 'default') and until > $2"
    + " order by (region = $1) desc, discount_percent desc, carrier limit 1";

  private final CommandRuntime<ShippingCommand, Record, Boolean> shipping;
  private final SqlClient reads;
  private final Clock clock;

  private ShipmentPolicy(CommandRuntime<ShippingCommand, Record, Boolean> shipping, SqlClient reads, Clock clock) {
    this.shipping = shipping;
    this.reads = reads;
    this.clock = clock;
  }

  static EventHandlers<OrderConfirmed> handlers(CommandRuntime<ShippingCommand, Record, Boolean> shipping, SqlClient reads, Clock clock) {
    return EventHandlers.following(ShippingTypes.ORDERS)
      .on(OrderConfirmed.class, new ShipmentPolicy(shipping, reads, clock)::confirmed)
      .build();
  }

  private Future<Effects> confirmed(OrderConfirmed confirmed, Cause cause) {
    return reads.preparedQuery(BEST_CARRIER).execute(Tuple.of(confirmed.region(), clock.instant().atOffset(ZoneOffset.UTC)))
      .map(rows -> rows.size() == 0 ? STANDARD_CARRIER : rows.iterator().next().getString(0))
      .compose(carrier -> shipping.prepare(cause.command(ShippingDecider.shipment(confirmed.orderId()),
        new ShippingCommand.ScheduleShipment(confirmed.orderId(), confirmed.customerId(), carrier, confirmed.region(), clock.instant()))))
      .map(prepared -> Effects.of(List.of(prepared)));
  }
}
