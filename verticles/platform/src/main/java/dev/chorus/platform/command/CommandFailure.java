package dev.chorus.platform.command;

/** A command that could not be carried out for a reason other than the domain refusing it. */
public final class CommandFailure extends RuntimeException {

  /** Why: the caller may retry later in every case but {@link #DATABASE} at commit, where the outcome is unknown. */
  public enum Reason { OVERLOADED, CONTENDED, DATABASE }

  private final Reason reason;

  public CommandFailure(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
