package dev.chorus.contracts.promotions;

import java.util.Map;
import java.util.UUID;

/** What the promotions context records about a customer's coupons and points. */
public sealed interface PromotionEvent permits CouponIssued, PointsAwarded {

  /** Every promotion event by its stored name. */
  Map<String, Class<? extends PromotionEvent>> TYPES = Map.of(
    CouponIssued.TYPE, CouponIssued.class,
    PointsAwarded.TYPE, PointsAwarded.class);

  /** The customer the event is about. */
  UUID customerId();
}
