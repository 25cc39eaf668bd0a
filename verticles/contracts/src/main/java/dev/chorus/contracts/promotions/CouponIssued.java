package dev.chorus.contracts.promotions;

import java.time.Instant;
import java.util.UUID;

/**
 * A coupon was issued to a customer.
 *
 * @param customerId the holder
 * @param code       the coupon's unique code
 * @param kind       why it was issued, e.g. {@code WELCOME}
 * @param amount     its value in minor currency units
 * @param issuedAt   when
 */
public record CouponIssued(UUID customerId, String code, String kind, long amount, Instant issuedAt) implements PromotionEvent {

  public static final String TYPE = "promotions.CouponIssued.v1";
}
