package dev.chorus.launcher;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * {@code java -jar chorus.jar cluster-tls init DIR [--nodes N]} makes a cluster's CA and the certificates of its first
 * nodes; {@code cluster-tls add DIR NAME} signs one more node's. Each node gets a directory for {@code --cluster-tls}.
 */
final class ClusterTlsCommand {

  private static final Pattern NODE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

  private ClusterTlsCommand() {
  }

  @Command(name = "java -jar chorus.jar cluster-tls init", usageHelpWidth = 120,
    description = {"", "Makes a CA for a cluster in DIR (ca.pem, ca-key.pem: keep the key off the nodes) and a certificate",
      "directory per node, DIR/node-1 ... DIR/node-N, each to give a node with --cluster-tls.", ""})
  static final class Init {
    @Parameters(paramLabel = "DIR", description = "where the CA and the node directories go")
    Path dir;

    @Option(names = "--nodes", paramLabel = "N", description = "how many node certificates (default 3)")
    int nodes = 3;
  }

  @Command(name = "java -jar chorus.jar cluster-tls add", usageHelpWidth = 120,
    description = {"", "Signs a certificate for one more node with the CA in DIR, into DIR/NAME.", ""})
  static final class Add {
    @Parameters(index = "0", paramLabel = "DIR", description = "the directory cluster-tls init made")
    Path dir;

    @Parameters(index = "1", paramLabel = "NAME", description = "the node's name, e.g. node-4")
    String name;
  }

  /** Runs {@code init} or {@code add}; returns the exit status. */
  static int run(PrintStream out, String... args) {
    if (args.length == 0 || !(args[0].equals("init") || args[0].equals("add"))) {
      throw new UsageException("cluster-tls: say init DIR [--nodes N] or add DIR NAME");
    }
    boolean init = args[0].equals("init");
    Object command = init ? new Init() : new Add();
    CommandLine commandLine = new CommandLine(command);
    try {
      commandLine.parseArgs(Arrays.copyOfRange(args, 1, args.length));
    } catch (CommandLine.ParameterException e) {
      throw new UsageException("cluster-tls: " + e.getMessage() + "\n" + commandLine.getUsageMessage(CommandLine.Help.Ansi.OFF));
    }
    try {
      if (command instanceof Init i) {
        if (i.nodes < 1 || i.nodes > 100) {
          throw new UsageException("cluster-tls init: --nodes must be between 1 and 100 (got " + i.nodes + ")");
        }
        ClusterCertificates authority = ClusterCertificates.createAuthority(i.dir);
        out.println("CA: " + i.dir.resolve(ClusterTls.CA) + " (its key " + i.dir.resolve(ClusterCertificates.CA_KEY)
          + " signs new nodes: keep it off the nodes)");
        for (int n = 1; n <= i.nodes; n++) {
          out.println("node: --cluster-tls " + authority.issue(i.dir, "node-" + n));
        }
      } else {
        Add a = (Add) command;
        if (!NODE_NAME.matcher(a.name).matches()) {
          throw new UsageException("cluster-tls add: a node's NAME is letters, digits, '.', '_' and '-' (got '" + a.name + "')");
        }
        out.println("node: --cluster-tls " + ClusterCertificates.readAuthority(a.dir).issue(a.dir, a.name));
      }
      return 0;
    } catch (IOException | GeneralSecurityException e) {
      throw new StartupFailure("cluster-tls: " + StartupFailure.describe(e));
    }
  }
}
