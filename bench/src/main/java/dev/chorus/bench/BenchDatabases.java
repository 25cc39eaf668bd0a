package dev.chorus.bench;

import dev.chorus.platform.db.DatabaseUrl;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The databases a benchmark's nodes use, given as a node takes them: {@code --db URL|embedded} for the default one and
 * {@code --db CONTEXT=URL} (repeatable) for a context's own. Without any, the nodes share the embedded server.
 *
 * @param given every {@code --db} value, passed on to each node as given
 */
record BenchDatabases(List<String> given) {

  private static final Pattern FOR_CONTEXT = Pattern.compile("([a-z][a-z0-9-]*)=(.*)");

  static BenchDatabases of(BenchOptions options) {
    return new BenchDatabases(List.copyOf(options.strings("db")));
  }

  static BenchDatabases embedded() {
    return new BenchDatabases(List.of());
  }

  /** The node options that name them. */
  List<String> nodeArgs() {
    List<String> args = new ArrayList<>();
    given.forEach(value -> args.addAll(List.of("--db", value)));
    return args;
  }

  /** Whether a node uses the embedded server: for its default database or a context's. */
  boolean embeddedUsed() {
    return given.stream().map(BenchDatabases::url).anyMatch("embedded"::equals)
      || given.stream().allMatch(value -> FOR_CONTEXT.matcher(value).matches());
  }

  /** The external servers named, each as given (a server named twice, by two contexts, once per database). */
  List<DatabaseUrl> external() {
    return given.stream().map(BenchDatabases::url).filter(url -> !url.equals("embedded")).map(DatabaseUrl::parse).toList();
  }

  private static String url(String value) {
    Matcher forContext = FOR_CONTEXT.matcher(value);
    return forContext.matches() ? forContext.group(2) : value;
  }

  @Override
  public String toString() {
    return given.isEmpty() ? "embedded" : String.join(" ", given);
  }
}
