package dev.chorus.promotions.application;

import dev.chorus.contracts.promotions.CouponIssued;
import dev.chorus.contracts.promotions.PointsAwarded;
import dev.chorus.contracts.promotions.PromotionEvent;
import dev.chorus.platform.command.SqlWrite;
import dev.chorus.platform.subscription.EventHandlers;
import io.vertx.sqlclient.Tuple;

import java.time.ZoneOffset;

/** The coupons and points read models, projected from promotions' own log; rebuilt by a replay. */
final class PromotionViews {

  private static final String ADD_COUPON = "insert into coupons (code, customer_id, kind, amount, issued_at) values ($1, $2, $3, $4, $5)"
    + " on conflict do nothing";
  private static final String ADD_POINTS = "insert into points_entries (customer_id, invitee, points, awarded_at) values ($1, $2, $3, $4)"
    + " on conflict do nothing";

  private PromotionViews() {
  }

  static EventHandlers<PromotionEvent> handlers() {
    return EventHandlers.following(PromotionTypes.EVENTS)
      .project(CouponIssued.class, (coupon, cause) -> SqlWrite.of(ADD_COUPON,
        Tuple.of(coupon.code(), coupon.customerId(), coupon.kind(), coupon.amount(), coupon.issuedAt().atOffset(ZoneOffset.UTC))))
      .project(PointsAwarded.class, (points, cause) -> SqlWrite.of(ADD_POINTS,
        Tuple.of(points.customerId(), points.invitee(), points.points(), points.awardedAt().atOffset(ZoneOffset.UTC))))
      .resetting("delete from coupons", "delete from points_entries")
      .build();
  }
}
