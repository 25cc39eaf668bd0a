package dev.chorus.promotions.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * Reward a customer for a customer they invited.
 *
 * @param inviter the customer who invited
 * @param invitee the customer who registered
 * @param at      when
 */
public record AwardInvitationPoints(UUID inviter, UUID invitee, Instant at) implements PromotionCommand {
}
