package dev.chorus.platform.command;

/**
 * A command for one stream.
 *
 * @param streamId  the stream (aggregate instance) it addresses, e.g. {@code customer-<uuid>}
 * @param payload   the command itself
 * @param context   its id and provenance
 * @param newStream the caller named the stream just now (a fresh random id): the runtime decides on the empty stream
 *                  without reading it, and lets only a decision that appends stand on that — its append expects
 *                  version 0, so a stream that exists after all is a conflict, and the command is decided again on
 *                  what the stream holds
 */
public record Command<C>(String streamId, C payload, CommandContext context, boolean newStream) {

  public Command(String streamId, C payload, CommandContext context) {
    this(streamId, payload, context, false);
  }

  /** A command that starts a stream whose id the caller has just made up. */
  public static <C> Command<C> toNewStream(String streamId, C payload, CommandContext context) {
    return new Command<>(streamId, payload, context, true);
  }

  /** The same command, deciding on what the stream holds. */
  Command<C> onStoredStream() {
    return newStream ? new Command<>(streamId, payload, context) : this;
  }
}
