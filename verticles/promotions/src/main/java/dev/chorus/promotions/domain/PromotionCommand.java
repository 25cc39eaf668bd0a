package dev.chorus.promotions.domain;

import java.time.Instant;
import java.util.UUID;

/** What can be asked of a customer's promotions. */
public sealed interface PromotionCommand {

  /**
   * Give a new customer their welcome coupon.
   *
   * @param customerId the new customer
   * @param code       the coupon's code
   * @param at         when
   */
  record IssueWelcomeCoupon(UUID customerId, String code, Instant at) implements PromotionCommand {
  }

  /**
   * Reward a customer for a customer they invited.
   *
   * @param inviter the customer who invited
   * @param invitee the customer who registered
   * @param at      when
   */
  record AwardInvitationPoints(UUID inviter, UUID invitee, Instant at) implements PromotionCommand {
  }
}
