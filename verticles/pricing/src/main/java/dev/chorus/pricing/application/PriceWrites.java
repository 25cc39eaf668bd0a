package dev.chorus.pricing.application;

import dev.chorus.platform.command.CommandEffects;
import dev.chorus.platform.command.SqlWrite;
import dev.chorus.pricing.domain.PriceRule;
import io.vertx.sqlclient.Tuple;

import java.util.List;

/** The prices table follows every pricing event, in its own transaction. */
final class PriceWrites implements CommandEffects<Record, PriceRule> {

  private static final String UPSERT = "insert into prices (sku, base_price, current_price) values ($1, $2, $3)"
    + " on conflict (sku) do update set current_price = excluded.current_price";

  @Override
  public List<SqlWrite> writes(String streamId, List<Record> events, PriceRule rule) {
    return List.of(SqlWrite.of(UPSERT, Tuple.of(rule.sku(), rule.basePrice(), rule.current())));
  }
}
