package dev.chorus.contracts.promotions;

import java.time.Instant;
import java.util.UUID;

/**
 * A customer earned points for a customer they invited.
 *
 * @param customerId the inviter, who earns the points
 * @param invitee    the customer they invited
 * @param points     how many
 * @param awardedAt  when
 */
public record PointsAwarded(UUID customerId, UUID invitee, int points, Instant awardedAt) implements PromotionEvent {

  public static final String TYPE = "promotions.PointsAwarded.v1";
}
