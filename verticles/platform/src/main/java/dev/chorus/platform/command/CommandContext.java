package dev.chorus.platform.command;

import java.util.Optional;
import java.util.UUID;

/**
 * Where a command comes from, recorded in the metadata of the events it causes.
 *
 * @param commandId     the command's id when the client made it idempotent (an {@code Idempotency-Key})
 * @param requestHash   a digest of the request, to tell a retry from a different request reusing the key
 * @param correlationId the conversation it belongs to
 * @param causationId   the message that caused it, if any
 * @param traceParent   the W3C {@code traceparent} of the span that issued it, when traces are recorded
 */
public record CommandContext(Optional<UUID> commandId, String requestHash, UUID correlationId, Optional<UUID> causationId,
                             Optional<String> traceParent) {

  public CommandContext(Optional<UUID> commandId, String requestHash, UUID correlationId, Optional<UUID> causationId) {
    this(commandId, requestHash, correlationId, causationId, Optional.empty());
  }

  public static CommandContext once() {
    return new CommandContext(Optional.empty(), "", UUID.randomUUID(), Optional.empty());
  }

  /** A command done once in the conversation {@code correlationId}. */
  public static CommandContext once(UUID correlationId) {
    return new CommandContext(Optional.empty(), "", correlationId, Optional.empty());
  }

  public static CommandContext idempotent(UUID commandId, String requestHash) {
    return idempotent(commandId, requestHash, UUID.randomUUID());
  }

  public static CommandContext idempotent(UUID commandId, String requestHash, UUID correlationId) {
    return new CommandContext(Optional.of(commandId), requestHash, correlationId, Optional.empty());
  }

  /** The same command, issued by the span {@code traceParent} names. */
  public CommandContext tracedBy(Optional<String> traceParent) {
    return new CommandContext(commandId, requestHash, correlationId, causationId, traceParent);
  }
}
