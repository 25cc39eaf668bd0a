package dev.chorus.customers.application;

import dev.chorus.customers.domain.CustomerName;
import dev.chorus.customers.domain.EmailAddress;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * A registration request, validated.
 *
 * @param email     the address
 * @param name      the name
 * @param invitedBy the inviting customer's id, or {@code null}
 */
public record Registration(EmailAddress email, CustomerName name, UUID invitedBy) {

  /** A digest of the request, to tell a retry (same digest) from another request reusing its key. */
  String digest() {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256")
        .digest((email.key() + "\n" + name.value() + "\n" + invitedBy).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
