package dev.chorus.launcher;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The databases a node uses, each with the hosted contexts it holds, and the connection budget of each server they are
 * on ({@code --db-connections} applies to each server).
 *
 * @param placed  per database, the contexts it holds; the default database first
 * @param budgets per server ({@link DatabaseChoice#server()}), the node's connections to it
 */
record DatabaseLayout(Map<DatabaseChoice, List<String>> placed, Map<String, ConnectionBudget> budgets) {

  DatabaseLayout {
    placed = Collections.unmodifiableMap(new LinkedHashMap<>(placed));
    budgets = Map.copyOf(budgets);
  }

  static DatabaseLayout of(DatabasePlan plan, List<String> contexts, OptionalInt given) {
    Map<DatabaseChoice, List<String>> placed = plan.place(contexts);
    Map<String, int[]> perServer = new LinkedHashMap<>();
    placed.forEach((choice, held) -> {
      int[] count = perServer.computeIfAbsent(choice.server(), server -> new int[2]);
      count[0]++;
      count[1] += held.size();
    });
    Map<String, ConnectionBudget> budgets = new LinkedHashMap<>();
    perServer.forEach((server, count) -> budgets.put(server, ConnectionBudget.forServer(given, count[0], count[1])));
    return new DatabaseLayout(placed, budgets);
  }

  ConnectionBudget budget(DatabaseChoice database) {
    return budgets.get(database.server());
  }

  /** The database that holds {@code context}. */
  DatabaseChoice databaseOf(String context) {
    return placed.entrySet().stream().filter(e -> e.getValue().contains(context)).map(Map.Entry::getKey).findFirst()
      .orElseThrow(() -> new IllegalArgumentException("this node does not host " + context));
  }

  /** The most connections the node opens, over every server. */
  int opened() {
    return budgets.values().stream().mapToInt(ConnectionBudget::opened).sum();
  }

  /** The node's budgets over every server. */
  int total() {
    return budgets.values().stream().mapToInt(ConnectionBudget::total).sum();
  }
}
