package dev.chorus.promotions.domain;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/**
 * A customer's promotions, as far as decisions need them.
 *
 * @param couponKinds      the kinds of coupon they hold
 * @param rewardedInvitees the invitees they earned points for
 */
public record CustomerPromotions(Set<String> couponKinds, Set<UUID> rewardedInvitees) {

  public static final CustomerPromotions NONE = new CustomerPromotions(Set.of(), Set.of());

  public CustomerPromotions {
    couponKinds = Set.copyOf(couponKinds);
    rewardedInvitees = Set.copyOf(rewardedInvitees);
  }

  CustomerPromotions withCoupon(String kind) {
    Set<String> kinds = new HashSet<>(couponKinds);
    kinds.add(kind);
    return new CustomerPromotions(kinds, rewardedInvitees);
  }

  CustomerPromotions withReward(UUID invitee) {
    Set<UUID> invitees = new HashSet<>(rewardedInvitees);
    invitees.add(invitee);
    return new CustomerPromotions(couponKinds, invitees);
  }
}
