package dev.chorus.launcher;

import java.util.OptionalInt;

/**
 * Every connection a node opens to PostgreSQL, whatever it hosts: one for operations (readiness, the oldest
 * open transaction; migrations use it before anything else runs), and for each hosted context an equal share of
 * the rest, half of it (at least one) pipelined connections for reads, the others for transactions. A request
 * that finds its pool busy waits in a bounded queue instead of opening another connection.
 *
 * @param total                  the node's budget ({@code --db-connections})
 * @param readsPerContext        pipelined connections each context reads through
 * @param transactionsPerContext connections each context may hold for transactions
 */
record ConnectionBudget(int total, int readsPerContext, int transactionsPerContext) {

  static final int DEFAULT = 16;
  static final int OPERATIONS = 1;
  /** Requests that may wait for a connection of one pool before the next is refused. */
  static final int WAIT_QUEUE = 10_000;

  /**
   * The budget of a node: the one given, else the default — or, when it hosts more contexts than the default holds
   * (plugins), the least they need.
   */
  static ConnectionBudget forNode(OptionalInt given, int contexts) {
    return divide(given.orElse(Math.max(DEFAULT, needed(contexts))), contexts);
  }

  /** Divides {@code total} among {@code contexts} hosted contexts; refuses a budget too small to host them. */
  static ConnectionBudget divide(int total, int contexts) {
    int needed = needed(contexts);
    if (total < needed) {
      throw new UsageException("--db-connections " + total + " is too few for " + contexts + " context(s): a node needs "
        + OPERATIONS + " + 2 per hosted context (" + needed + "); raise it or host fewer contexts with --contexts");
    }
    int share = (total - OPERATIONS) / contexts;
    int reads = Math.max(1, share / 2);
    return new ConnectionBudget(total, reads, share - reads);
  }

  private static int needed(int contexts) {
    return OPERATIONS + 2 * contexts;
  }

  /** The most connections the node opens. */
  int opened(int contexts) {
    return OPERATIONS + contexts * (readsPerContext + transactionsPerContext);
  }
}
