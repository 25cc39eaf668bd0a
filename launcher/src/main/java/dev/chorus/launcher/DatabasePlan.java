package dev.chorus.launcher;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which PostgreSQL holds each context: a context named by {@code --db CONTEXT=URL} on its own, every other one on the
 * default ({@code --db URL}, or the embedded server).
 *
 * @param fallback  the default database: it holds the contexts no mapping names, and names the cluster of the bundled
 *                  configuration, so a node always uses it
 * @param byContext the contexts given a database of their own
 */
record DatabasePlan(DatabaseChoice fallback, Map<String, DatabaseChoice> byContext) {

  DatabasePlan {
    byContext = Map.copyOf(byContext);
  }

  static DatabasePlan embedded() {
    return new DatabasePlan(new DatabaseChoice.Embedded(), Map.of());
  }

  DatabaseChoice of(String context) {
    return byContext.getOrDefault(context, fallback);
  }

  /**
   * The databases a node hosting {@code contexts} uses, each with the contexts it holds: the default first (holding no
   * context, when every one has a database of its own), then the others in the order their first context comes.
   */
  Map<DatabaseChoice, List<String>> place(List<String> contexts) {
    Map<DatabaseChoice, List<String>> placed = new LinkedHashMap<>();
    placed.put(fallback, new ArrayList<>());
    contexts.forEach(context -> placed.computeIfAbsent(of(context), choice -> new ArrayList<>()).add(context));
    placed.replaceAll((choice, held) -> List.copyOf(held));
    return placed;
  }
}
