package dev.chorus.launcher;

import dev.chorus.platform.db.DatabaseUrl;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a node keeps each context, from its {@code --db} and {@code --db-password-file} values: {@code URL} or
 * {@code CONTEXT=URL}, {@code FILE} or {@code CONTEXT=FILE}, each repeatable (decision 0045).
 */
final class DatabaseOptions {

  /** The environment variable that may hold the password of an external database. */
  static final String PASSWORD_VARIABLE = "CHORUS_DB_PASSWORD";

  private static final Pattern FOR_CONTEXT = Pattern.compile("([a-z][a-z0-9-]*)=(.*)", Pattern.DOTALL);

  private DatabaseOptions() {
  }

  /** What to say about the {@code --db} values given on the command line: a password in one is seen by every user. */
  static List<String> warnings(List<String> given) {
    return given.stream()
      .map(entry -> FOR_CONTEXT.matcher(entry).matches() ? entry.substring(entry.indexOf('=') + 1) : entry)
      .anyMatch(value -> !value.equals("embedded") && DatabaseUrl.parse(value).password() != null)
      ? List.of("a --db URL carries a password, which every user of this machine sees in its process list: give it with "
        + PASSWORD_VARIABLE + " or --db-password-file instead")
      : List.of();
  }

  /**
   * The default database and the contexts' own from the {@code --db} values ({@code URL} or {@code CONTEXT=URL}), each
   * external one with its password from a file ({@code --db-password-file [CONTEXT=]FILE}, which contexts given the same
   * URL share) or, for the default (and contexts given its URL), the environment.
   */
  static DatabasePlan plan(List<String> given, List<String> passwordFiles, Optional<String> variable) {
    Optional<DatabaseChoice> fallback = Optional.empty();
    Map<String, DatabaseChoice> byContext = new LinkedHashMap<>();
    for (String entry : given) {
      var forContext = FOR_CONTEXT.matcher(entry);
      if (forContext.matches()) {
        String context = forContext.group(1);
        if (byContext.put(context, DatabaseChoice.parse("--db " + context + "=URL", forContext.group(2))) != null) {
          throw new UsageException("--db gives " + context + " a database twice");
        }
      } else if (fallback.isPresent()) {
        throw new UsageException("--db gives the default database twice (" + fallback.get() + ", then " + DatabaseChoice.parse("--db", entry)
          + "); a context's own is --db CONTEXT=URL");
      } else {
        fallback = Optional.of(DatabaseChoice.parse("--db", entry));
      }
    }
    Map<String, Path> files = new LinkedHashMap<>();
    for (String entry : passwordFiles) {
      var forContext = FOR_CONTEXT.matcher(entry);
      String key = forContext.matches() ? forContext.group(1) : "";
      if (files.put(key, path("--db-password-file", forContext.matches() ? forContext.group(2) : entry)) != null) {
        throw new UsageException("--db-password-file gives " + (key.isEmpty() ? "the default database's" : key + "'s") + " password twice");
      }
    }
    DatabaseChoice givenDefault = fallback.orElse(new DatabaseChoice.Embedded());
    DatabaseChoice defaultChoice = withPassword("--db", givenDefault, Optional.ofNullable(files.remove("")), variable);
    files.keySet().stream().filter(context -> !byContext.containsKey(context)).findFirst().ifPresent(context -> {
      throw new UsageException("--db-password-file " + context + "=...: " + context + " has no --db " + context + "=URL of its own");
    });
    Map<DatabaseChoice, DatabaseChoice> withPasswords = new LinkedHashMap<>();
    files.forEach((context, file) -> {
      DatabaseChoice own = byContext.get(context);
      if (withPasswords.put(own, withPassword("--db " + context + "=URL", own, Optional.of(file), Optional.empty())) != null) {
        throw new UsageException("--db-password-file gives the password of " + own + " twice (contexts given the same URL share one)");
      }
    });
    byContext.replaceAll((context, choice) -> withPasswords.getOrDefault(choice, choice));
    byContext.replaceAll((context, choice) -> choice.equals(givenDefault) ? defaultChoice : choice); // the default's URL, its password
    return new DatabasePlan(defaultChoice, byContext);
  }

  /** An external database's password from a file or the environment, given once; the embedded one has its own. */
  private static DatabaseChoice withPassword(String option, DatabaseChoice database, Optional<Path> file, Optional<String> variable) {
    if (!(database instanceof DatabaseChoice.External external)) {
      if (file.isPresent()) {
        throw new UsageException("--db-password-file is for an external " + option + ": the embedded server's password is generated"
          + " into the data directory (db.password)");
      }
      return database;
    }
    if (file.isPresent() && variable.isPresent()) {
      throw new UsageException("the database password is given twice: by --db-password-file and by " + PASSWORD_VARIABLE);
    }
    if (file.isEmpty() && variable.isEmpty()) {
      return database;
    }
    if (external.url().password() != null) {
      throw new UsageException("the " + option + " URL carries a password and "
        + (file.isPresent() ? "--db-password-file" : PASSWORD_VARIABLE) + " gives another: give it once");
    }
    String password = variable.orElseGet(() -> {
      try {
        return SecretFile.read(file.get());
      } catch (IOException e) {
        throw new UsageException("--db-password-file: cannot read '" + file.get() + "' (" + e.getMessage() + ")");
      } catch (UsageException e) {
        throw new UsageException("--db-password-file: " + e.getMessage());
      }
    });
    return new DatabaseChoice.External(external.url().withPassword(password));
  }

  private static Path path(String option, String value) {
    if (value.isBlank()) {
      throw new UsageException(option + " needs a non-empty path");
    }
    return Path.of(value);
  }
}
