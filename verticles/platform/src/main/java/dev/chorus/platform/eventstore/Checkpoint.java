package dev.chorus.platform.eventstore;

/**
 * A reader's place in a log: the {@code (tx_id, position)} of the last event it has processed.
 * Logs are read in this order; see {@link EventLog} for why a position alone is not enough.
 *
 * @param txId     the id of the transaction that appended the event
 * @param position the event's position
 */
public record Checkpoint(long txId, long position) implements Comparable<Checkpoint> {

  /** Before the first event. */
  public static final Checkpoint START = new Checkpoint(0, 0);

  public Checkpoint {
    if (txId < 0 || position < 0) {
      throw new IllegalArgumentException("a checkpoint is never negative: " + txId + "/" + position);
    }
  }

  @Override
  public int compareTo(Checkpoint other) {
    int byTx = Long.compare(txId, other.txId);
    return byTx != 0 ? byTx : Long.compare(position, other.position);
  }

  public boolean isAfter(Checkpoint other) {
    return compareTo(other) > 0;
  }

  @Override
  public String toString() {
    return txId + "/" + position;
  }
}
