package dev.chorus.platform.command;

/**
 * A command for one stream.
 *
 * @param streamId the stream (aggregate instance) it addresses, e.g. {@code customer-<uuid>}
 * @param payload  the command itself
 * @param context  its id and provenance
 */
public record Command<C>(String streamId, C payload, CommandContext context) {
}
