package dev.chorus.promotions.application;

import dev.chorus.contracts.promotions.CouponIssued;
import dev.chorus.contracts.promotions.PointsAwarded;
import dev.chorus.contracts.promotions.PromotionEvent;
import dev.chorus.platform.command.SqlWrite;
import dev.chorus.platform.eventstore.RecordedEvent;
import dev.chorus.platform.subscription.Effects;
import dev.chorus.platform.subscription.SubscriptionHandler;
import io.vertx.core.Future;
import io.vertx.sqlclient.Tuple;

import java.time.ZoneOffset;
import java.util.List;

/** The coupons and points read models, projected from promotions' own log; rebuilt by a replay. */
final class PromotionViews implements SubscriptionHandler {

  private static final String ADD_COUPON = "insert into coupons (code, customer_id, kind, amount, issued_at) values ($1, $2, $3, $4, $5)"
    + " on conflict do nothing";
  private static final String ADD_POINTS = "insert into points_entries (customer_id, invitee, points, awarded_at) values ($1, $2, $3, $4)"
    + " on conflict do nothing";

  @Override
  public Future<Effects> prepare(RecordedEvent event) {
    if (!PromotionTypes.EVENTS.knows(event.type())) {
      return Future.succeededFuture(Effects.NONE);
    }
    PromotionEvent decoded = PromotionTypes.EVENTS.decode(event.type(), event.payload());
    SqlWrite write = decoded instanceof CouponIssued coupon
      ? SqlWrite.of(ADD_COUPON, Tuple.of(coupon.code(), coupon.customerId(), coupon.kind(), coupon.amount(), coupon.issuedAt().atOffset(ZoneOffset.UTC)))
      : points((PointsAwarded) decoded);
    return Future.succeededFuture(Effects.writes(List.of(write)));
  }

  private static SqlWrite points(PointsAwarded points) {
    return SqlWrite.of(ADD_POINTS, Tuple.of(points.customerId(), points.invitee(), points.points(), points.awardedAt().atOffset(ZoneOffset.UTC)));
  }

  @Override
  public List<String> resetStatements() {
    return List.of("delete from coupons", "delete from points_entries");
  }
}
