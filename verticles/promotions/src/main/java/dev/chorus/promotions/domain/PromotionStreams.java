package dev.chorus.promotions.domain;

import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.UUID;

/** Streams and codes of the promotions context. */
public final class PromotionStreams {

  private static final char[] ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();

  private PromotionStreams() {
  }

  /** A customer's coupons are one stream. */
  public static String of(UUID customerId) {
    return "promotions-" + customerId;
  }

  /**
   * The reward for one invitation is a stream of its own: "points once per invitee" holds per pair, and a
   * customer who invites many is not a hot stream that every registration must queue for.
   */
  public static String reward(UUID inviter, UUID invitee) {
    return "promotions-reward-" + inviter + "-" + invitee;
  }

  /** A welcome coupon's code, derived from the registration it rewards: the same registration, the same code. */
  public static String welcomeCode(UUID registration) {
    ByteBuffer bytes = ByteBuffer.allocate(16).putLong(registration.getMostSignificantBits()).putLong(registration.getLeastSignificantBits());
    StringBuilder code = new StringBuilder("WELCOME-");
    long bits = bytes.getLong(0) ^ bytes.getLong(8);
    for (int i = 0; i < 12; i++) {
      code.append(ALPHABET[(int) (bits & 31)]);
      bits >>>= 5;
    }
    return code.toString().toUpperCase(Locale.ROOT);
  }
}
