package dev.chorus.platform.command;

import dev.chorus.platform.decider.Rejection;

/** What became of one command's append. */
public sealed interface AppendOutcome {

  /** Appended and committed, with its writes. */
  record Committed() implements AppendOutcome {
  }

  /** The stream moved on (or the transaction lost a race): decide again on fresh state. */
  record Conflict() implements AppendOutcome {
  }

  /** A guarded write found nothing to write: the command is refused. */
  record Refused(Rejection rejection) implements AppendOutcome {
  }

  /** The database failed; whether the command committed is unknown if the failure came at commit. */
  record Failed(Throwable cause) implements AppendOutcome {
  }

  /** More appends are waiting than the node accepts: the caller should back off. */
  record Overloaded() implements AppendOutcome {
  }
}
