package dev.chorus.orders.application;

import dev.chorus.contracts.prices.PriceChanged;
import dev.chorus.platform.command.SqlWrite;
import dev.chorus.platform.subscription.EventHandlers;
import io.vertx.sqlclient.Tuple;

/** The latest price heard of each product, from whichever context publishes prices. */
final class PriceViews {

  private static final String PRICE = "insert into catalogue (sku, price) values ($1, $2) on conflict (sku) do update set price = excluded.price";

  private PriceViews() {
  }

  static EventHandlers<PriceChanged> handlers() {
    return EventHandlers.following(OrderTypes.PRICES)
      .project(PriceChanged.class, (changed, cause) -> SqlWrite.of(PRICE, Tuple.of(changed.sku(), changed.price())))
      .build();
  }
}
