package dev.chorus.promotions.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * Give a new customer their welcome coupon.
 *
 * @param customerId the new customer
 * @param code       the coupon's code
 * @param at         when
 */
public record IssueWelcomeCoupon(UUID customerId, String code, Instant at) implements PromotionCommand {
}
