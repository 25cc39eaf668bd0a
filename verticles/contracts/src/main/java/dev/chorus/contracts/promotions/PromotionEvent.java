package dev.chorus.contracts.promotions;

import java.util.UUID;

/** What the promotions context records about a customer's coupons and points. */
public sealed interface PromotionEvent permits CouponIssued, PointsAwarded {

  /** The customer the event is about. */
  UUID customerId();
}
