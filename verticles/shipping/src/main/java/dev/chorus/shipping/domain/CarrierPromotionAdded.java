package dev.chorus.shipping.domain;

import java.time.Instant;
import java.util.UUID;

/** A carrier offers a discount in a region until a date (kept in shipping's own log, not published). */
public record CarrierPromotionAdded(UUID id, String carrier, String region, int discountPercent, Instant until) {

  public static final String TYPE = "shipping.CarrierPromotionAdded.v1";
}
