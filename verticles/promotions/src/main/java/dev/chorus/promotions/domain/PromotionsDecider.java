package dev.chorus.promotions.domain;

import dev.chorus.contracts.promotions.CouponIssued;
import dev.chorus.contracts.promotions.PointsAwarded;
import dev.chorus.contracts.promotions.PromotionEvent;
import dev.chorus.platform.decider.Decider;
import dev.chorus.platform.decider.Decision;
import dev.chorus.promotions.domain.PromotionCommand.AwardInvitationPoints;
import dev.chorus.promotions.domain.PromotionCommand.IssueWelcomeCoupon;

/**
 * One welcome coupon per customer, and points once per invitee: asked twice, the decider answers with
 * nothing the second time.
 */
public final class PromotionsDecider implements Decider<PromotionCommand, PromotionEvent, CustomerPromotions> {

  public static final String WELCOME = "WELCOME";
  public static final long WELCOME_AMOUNT = 500;
  public static final int POINTS_PER_INVITEE = 100;

  @Override
  public CustomerPromotions initialState() {
    return CustomerPromotions.NONE;
  }

  @Override
  public Decision<PromotionEvent> decide(PromotionCommand command, CustomerPromotions state) {
    if (command instanceof IssueWelcomeCoupon issue) {
      return state.couponKinds().contains(WELCOME)
        ? Decision.accept()
        : Decision.accept(new CouponIssued(issue.customerId(), issue.code(), WELCOME, WELCOME_AMOUNT, issue.at()));
    }
    if (command instanceof AwardInvitationPoints award) {
      return state.rewardedInvitees().contains(award.invitee())
        ? Decision.accept()
        : Decision.accept(new PointsAwarded(award.inviter(), award.invitee(), POINTS_PER_INVITEE, award.at()));
    }
    throw new IllegalArgumentException("a promotion command this decider does not know: " + command);
  }

  @Override
  public CustomerPromotions evolve(CustomerPromotions state, PromotionEvent event) {
    return event instanceof CouponIssued issued ? state.withCoupon(issued.kind()) : state.withReward(((PointsAwarded) event).invitee());
  }
}
