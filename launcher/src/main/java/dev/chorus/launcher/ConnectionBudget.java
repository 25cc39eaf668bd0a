package dev.chorus.launcher;

import java.util.OptionalInt;

/**
 * Every connection a node opens to one PostgreSQL server, whatever it hosts there: one for operations per database
 * it uses on the server (readiness, reachability, the oldest open transaction; migrations use it before anything else
 * runs), and for each context the server holds an equal share of the rest, half of it (at least one) pipelined
 * connections for reads, the others for transactions. A request that finds its pool busy waits in a bounded queue
 * instead of opening another connection.
 *
 * @param total                  the node's budget on the server ({@code --db-connections})
 * @param databases              the databases the node uses on the server
 * @param contexts               the hosted contexts whose databases are on the server
 * @param readsPerContext        pipelined connections each context reads through
 * @param transactionsPerContext connections each context may hold for transactions
 */
record ConnectionBudget(int total, int databases, int contexts, int readsPerContext, int transactionsPerContext) {

  static final int DEFAULT = 16;
  static final int OPERATIONS = 1;
  /** Requests that may wait for a connection of one pool before the next is refused. */
  static final int WAIT_QUEUE = 10_000;

  /**
   * The budget on a server: the one given, else the default — or, when the node has more contexts there than the
   * default holds (plugins), the least they need.
   */
  static ConnectionBudget forServer(OptionalInt given, int databases, int contexts) {
    return divide(given.orElse(Math.max(DEFAULT, needed(databases, contexts))), databases, contexts);
  }

  /** Divides {@code total} among {@code contexts} on {@code databases}; refuses a budget too small to host them. */
  static ConnectionBudget divide(int total, int databases, int contexts) {
    int needed = needed(databases, contexts);
    if (total < needed) {
      throw new UsageException("--db-connections " + total + " is too few for " + contexts + " context(s) on one server: a node needs "
        + OPERATIONS + " per database + 2 per hosted context there (" + needed + "); raise it or host fewer contexts with --contexts");
    }
    int share = contexts == 0 ? 0 : (total - databases * OPERATIONS) / contexts;
    int reads = contexts == 0 ? 0 : Math.max(1, share / 2);
    return new ConnectionBudget(total, databases, contexts, reads, share - reads);
  }

  private static int needed(int databases, int contexts) {
    return databases * OPERATIONS + 2 * contexts;
  }

  /** The most connections the node opens to the server. */
  int opened() {
    return databases * OPERATIONS + contexts * (readsPerContext + transactionsPerContext);
  }
}
