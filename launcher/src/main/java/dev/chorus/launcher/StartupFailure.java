package dev.chorus.launcher;

/** The node cannot start; the message is the one line a user reads to fix it. */
final class StartupFailure extends RuntimeException {

  StartupFailure(String message) {
    super(message, null, false, false);
  }

  StartupFailure(String message, Throwable cause) {
    super(message, cause, false, false);
  }

  /** The user-facing line for any failure: ours verbatim, anything else with its root cause. */
  static String describe(Throwable failure) {
    if (failure == null) {
      return "timed out";
    }
    if (failure instanceof StartupFailure || failure instanceof UsageException) {
      return failure.getMessage();
    }
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      if (root instanceof StartupFailure) {
        return root.getMessage();
      }
      root = root.getCause();
    }
    String message = root.getMessage();
    return root.getClass().getSimpleName() + (message == null ? "" : ": " + message.lines().findFirst().orElse(""));
  }
}
