package dev.chorus.customers.domain;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An e-mail address: one {@code @}, a dotted domain, no spaces, at most 254 characters. Compared
 * case-insensitively through its {@link #key()}.
 *
 * @param value the address as given, trimmed
 */
public record EmailAddress(String value) {

  private static final Pattern SHAPE = Pattern.compile("[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+");
  private static final int MAX_LENGTH = 254;

  public EmailAddress {
    if (!isValid(value)) {
      throw new IllegalArgumentException("not an e-mail address: " + value);
    }
  }

  /** Parses a raw value, or returns null when it is not an address. */
  public static EmailAddress parse(String raw) {
    String trimmed = raw == null ? "" : raw.trim();
    return isValid(trimmed) ? new EmailAddress(trimmed) : null;
  }

  public String key() {
    return value.toLowerCase(Locale.ROOT);
  }

  private static boolean isValid(String value) {
    return value != null && value.length() <= MAX_LENGTH && SHAPE.matcher(value).matches();
  }
}
