package dev.chorus.orders.application;

import dev.chorus.contracts.prices.PriceChanged;
import dev.chorus.platform.command.SqlWrite;
import dev.chorus.platform.eventstore.RecordedEvent;
import dev.chorus.platform.subscription.Effects;
import dev.chorus.platform.subscription.SubscriptionHandler;
import io.vertx.core.Future;
import io.vertx.sqlclient.Tuple;

import java.util.List;

/** The latest price heard of each product, from whichever context publishes prices. */
final class PriceReports implements SubscriptionHandler {

  private static final String PRICE = "insert into catalogue (sku, price) values ($1, $2) on conflict (sku) do update set price = excluded.price";

  @Override
  public Future<Effects> prepare(RecordedEvent event) {
    if (!event.type().equals(PriceChanged.TYPE)) {
      return Future.succeededFuture(Effects.NONE);
    }
    PriceChanged changed = OrderTypes.PRICES.decode(event.type(), event.payload());
    return Future.succeededFuture(Effects.writes(List.of(SqlWrite.of(PRICE, Tuple.of(changed.sku(), changed.price())))));
  }
}
