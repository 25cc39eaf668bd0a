package dev.chorus.platform.subscription;

import java.util.concurrent.ThreadLocalRandom;

/**
 * How big a partition worker's next batch may be and how long it waits when it cannot go on.
 * <ul>
 *   <li>Contention: batches of several partitions (or nodes) that write the same streams conflict. After a
 *   conflict the batch limit halves and the worker waits a random while below a ceiling that doubles with each
 *   conflict in a row (20 ms after the first, up to 200 ms); every committed batch doubles the limit again, up to the configured
 *   batch size (docs/decisions/0016).</li>
 *   <li>Pending events: while a transaction older than them is open anywhere in the database — on a busy
 *   database most of the time, for a few milliseconds — the worker looks again after 2 ms, then 4, 8, 16
 *   (docs/decisions/0017).</li>
 * </ul>
 * One per worker, used on its context only.
 */
final class WorkerPacing {

  static final long CONFLICT_BACKOFF_MS = 10;
  /** While the database cannot be reached: look again this often, counting nothing against the events. */
  static final long UNAVAILABLE_BACKOFF_MS = 500;
  private static final long MAX_CONFLICT_BACKOFF_MS = 200;
  private static final long PENDING_RECHECK_MS = 2;
  private static final long MAX_PENDING_RECHECK_MS = 16;

  private final int maxBatch;
  private int batchLimit;
  private int conflictsInARow;
  private long pendingRecheckMs = PENDING_RECHECK_MS;

  WorkerPacing(int maxBatch) {
    this.maxBatch = maxBatch;
    this.batchLimit = maxBatch;
  }

  int batchLimit() {
    return batchLimit;
  }

  void committed() {
    conflictsInARow = 0;
    batchLimit = (int) Math.min(maxBatch, 2L * batchLimit);
  }

  /** A batch of {@code batchSize} events conflicted: the wait before trying again. */
  long conflicted(int batchSize) {
    batchLimit = Math.max(1, batchSize / 2);
    conflictsInARow++;
    long ceiling = Math.min(MAX_CONFLICT_BACKOFF_MS, CONFLICT_BACKOFF_MS << Math.min(conflictsInARow, 5));
    return 1 + ThreadLocalRandom.current().nextLong(ceiling);
  }

  /** The read found events pending: the wait before reading again. */
  long pending() {
    long wait = pendingRecheckMs;
    pendingRecheckMs = Math.min(MAX_PENDING_RECHECK_MS, 2 * pendingRecheckMs);
    return wait;
  }

  /** The read found something other than pending events. */
  void notPending() {
    pendingRecheckMs = PENDING_RECHECK_MS;
  }
}
