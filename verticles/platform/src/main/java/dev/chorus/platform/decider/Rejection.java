package dev.chorus.platform.decider;

import java.util.Objects;

/**
 * A command refused by the domain.
 *
 * @param code    stable, machine-readable reason, e.g. {@code email-taken}; the web layer maps it to a status
 * @param message what went wrong, in words for the client developer
 */
public record Rejection(String code, String message) {

  public Rejection {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
  }
}
