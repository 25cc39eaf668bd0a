package dev.chorus.platform.command;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A request's fingerprint, to tell a retry (same digest) from another request reusing an idempotency key. */
public final class RequestDigest {

  private RequestDigest() {
  }

  /** SHA-256 of the request's canonical text, in hex. */
  public static String of(String canonical) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
