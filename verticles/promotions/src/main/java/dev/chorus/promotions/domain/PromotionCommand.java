package dev.chorus.promotions.domain;

/** What can be asked of a customer's promotions. */
public sealed interface PromotionCommand permits IssueWelcomeCoupon, AwardInvitationPoints {
}
