package dev.chorus.platform.command;

/**
 * A stream's state as of a version.
 *
 * @param version the stream's version (0: no events)
 * @param state   the state folded from its events
 */
record StreamState<S>(int version, S state) {
}
