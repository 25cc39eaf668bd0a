package dev.chorus.launcher;

/** The command line or configuration is wrong; the message says what and how to fix it. */
final class UsageException extends RuntimeException {

  UsageException(String message) {
    super(message, null, false, false);
  }
}
