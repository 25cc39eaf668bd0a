package dev.chorus.shipping.application;

import dev.chorus.contracts.orders.OrderConfirmed;
import dev.chorus.platform.command.Command;
import dev.chorus.platform.command.CommandContext;
import dev.chorus.platform.command.CommandRuntime;
import dev.chorus.platform.eventstore.RecordedEvent;
import dev.chorus.platform.subscription.Effects;
import dev.chorus.platform.subscription.SubscriptionHandler;
import dev.chorus.shipping.domain.ShippingCommand;
import dev.chorus.shipping.domain.ShippingDecider;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * One shipment for each confirmed order, with the carrier offering the best running promotion in the order's
 * region (the {@code default} region's otherwise; the standard carrier when none runs).
 */
final class ShipmentPolicy implements SubscriptionHandler {

  static final String STANDARD_CARRIER = "standard-post";
  private static final String BEST_CARRIER = "select carrier from carrier_promotions where region in ($1, 'default') and until > $2"
    + " order by (region = $1) desc, discount_percent desc, carrier limit 1";

  private final CommandRuntime<ShippingCommand, Record, Boolean> shipping;
  private final SqlClient reads;
  private final Clock clock;

  ShipmentPolicy(CommandRuntime<ShippingCommand, Record, Boolean> shipping, SqlClient reads, Clock clock) {
    this.shipping = shipping;
    this.reads = reads;
    this.clock = clock;
  }

  @Override
  public Future<Effects> prepare(RecordedEvent event) {
    if (!event.type().equals(OrderConfirmed.TYPE)) {
      return Future.succeededFuture(Effects.NONE);
    }
    OrderConfirmed confirmed = ShippingTypes.ORDERS.decode(event.type(), event.payload());
    CommandContext context = new CommandContext(Optional.empty(), "", event.eventId(), Optional.of(event.eventId()));
    return reads.preparedQuery(BEST_CARRIER).execute(Tuple.of(confirmed.region(), clock.instant().atOffset(ZoneOffset.UTC)))
      .map(rows -> rows.size() == 0 ? STANDARD_CARRIER : rows.iterator().next().getString(0))
      .compose(carrier -> shipping.prepare(new Command<>(ShippingDecider.shipment(confirmed.orderId()),
        new ShippingCommand.ScheduleShipment(confirmed.orderId(), carrier, confirmed.region(), clock.instant()), context)))
      .map(prepared -> Effects.of(List.of(prepared)));
  }
}
