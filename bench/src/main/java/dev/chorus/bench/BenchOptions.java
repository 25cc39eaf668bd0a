package dev.chorus.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code --name value} options of a benchmark, with defaults. */
final class BenchOptions {

  private final Map<String, List<String>> values;

  private BenchOptions(Map<String, List<String>> values) {
    this.values = values;
  }

  static BenchOptions parse(String[] args) {
    Map<String, List<String>> values = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("expected --name value pairs, got '" + args[i] + "'");
      }
      values.computeIfAbsent(args[i].substring(2), name -> new ArrayList<>()).add(args[++i]);
    }
    return new BenchOptions(values);
  }

  /** The option's value (the last, when it is given more than once). */
  String string(String name, String fallback) {
    List<String> given = values.get(name);
    return given == null ? fallback : given.get(given.size() - 1);
  }

  /** Every value of a repeatable option, in order. */
  List<String> strings(String name) {
    return values.getOrDefault(name, List.of());
  }

  int integer(String name, int fallback) {
    return values.containsKey(name) ? Integer.parseInt(string(name, null)) : fallback;
  }
}
