package dev.chorus.platform.command;

/**
 * When a stream's state is snapshotted, and how it is read back.
 *
 * @param stateType the state's record class (JSON-mapped)
 * @param schema    the state's shape version; a snapshot of another schema is ignored and the stream replayed
 * @param every     snapshot each time the stream's version crosses a multiple of this; 0 never
 */
public record SnapshotPolicy<S>(Class<S> stateType, String schema, int every) {

  public static <S> SnapshotPolicy<S> never(Class<S> stateType) {
    return new SnapshotPolicy<>(stateType, "none", 0);
  }

  boolean dueAfter(int fromVersion, int toVersion) {
    return every > 0 && toVersion / every > fromVersion / every;
  }
}
