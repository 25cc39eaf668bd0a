package dev.chorus.customers.domain;

/**
 * A customer's name: not blank, at most 200 characters.
 *
 * @param value the name, trimmed
 */
public record CustomerName(String value) {

  public static final int MAX_LENGTH = 200;

  public CustomerName {
    if (value == null || value.isBlank() || value.codePointCount(0, value.length()) > MAX_LENGTH) {
      throw new IllegalArgumentException("a name is 1 to " + MAX_LENGTH + " characters");
    }
  }

  /** Parses a raw value, or returns null when it is blank or too long. */
  public static CustomerName parse(String raw) {
    String trimmed = raw == null ? "" : raw.trim();
    return trimmed.isEmpty() || trimmed.codePointCount(0, trimmed.length()) > MAX_LENGTH ? null : new CustomerName(trimmed);
  }
}
