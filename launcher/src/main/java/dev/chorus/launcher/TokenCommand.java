package dev.chorus.launcher;

import dev.chorus.platform.access.Caller;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * {@code java -jar chorus.jar token --subject ID --role customer|operator [--ttl PT1H] [--data-dir DIR | --jwt-key FILE]}:
 * prints a bearer token for nodes started with {@code --auth jwt} and the same key.
 */
@Command(name = "java -jar chorus.jar token", sortOptions = false, usageHelpWidth = 120,
  description = {"", "Prints a bearer token for the nodes started with --auth jwt and the same key.", ""})
final class TokenCommand {

  @Option(names = "--subject", paramLabel = "ID", required = true, order = 1,
    description = "a customer's id (a UUID), or an operator's name")
  String subject;

  @Option(names = "--role", paramLabel = "customer|operator", required = true, order = 2,
    description = "customer: acts on its own customer only; operator: may do everything")
  String role;

  @Option(names = "--ttl", paramLabel = "DURATION", order = 3, description = "how long the token is valid (default PT1H)")
  String ttl = "PT1H";

  @Option(names = "--data-dir", paramLabel = "DIR", order = 4, description = "the nodes' data directory, whose jwt.key signs (default ./chorus-data)")
  Path dataDir = NodeConfig.DEFAULT_DATA_DIR;

  @Option(names = "--jwt-key", paramLabel = "FILE", order = 5, description = "the key the nodes were given with --jwt-key")
  Path jwtKey;

  @Option(names = {"-h", "--help"}, usageHelp = true, order = 6, description = "this text")
  boolean help;

  /** Prints the token; returns the exit status. */
  static int run(PrintStream out, String... args) {
    TokenCommand command = new TokenCommand();
    CommandLine commandLine = new CommandLine(command);
    try {
      commandLine.parseArgs(args);
    } catch (CommandLine.ParameterException e) {
      throw new UsageException("token: " + e.getMessage() + "\n" + commandLine.getUsageMessage(CommandLine.Help.Ansi.OFF));
    }
    if (commandLine.isUsageHelpRequested()) {
      out.print(commandLine.getUsageMessage(CommandLine.Help.Ansi.OFF));
      return 0;
    }
    out.println(command.token());
    return 0;
  }

  private String token() {
    Caller caller = caller();
    Duration validity = validity();
    return new BearerTokens(TokenKey.forTokens(Optional.ofNullable(jwtKey), dataDir), Clock.systemUTC()).issue(caller, validity);
  }

  private Caller caller() {
    if (subject.isBlank()) {
      throw new UsageException("token: --subject needs a customer id or an operator's name");
    }
    Caller.Role parsed = switch (role) {
      case "customer" -> Caller.Role.CUSTOMER;
      case "operator" -> Caller.Role.OPERATOR;
      default -> throw new UsageException("token: --role must be customer or operator (got '" + role + "')");
    };
    try {
      return new Caller(subject, parsed);
    } catch (IllegalArgumentException e) {
      throw new UsageException("token: a customer's --subject is its customer id, a UUID (got '" + subject + "')");
    }
  }

  private Duration validity() {
    try {
      Duration validity = Duration.parse(ttl);
      if (validity.toSeconds() >= 1 && validity.toSeconds() <= Integer.MAX_VALUE) {
        return validity;
      }
    } catch (DateTimeParseException ignored) {
      // reported below
    }
    throw new UsageException("token: --ttl must be an ISO-8601 duration of at least a second, e.g. PT1H or P30D (got '" + ttl + "')");
  }
}
