package dev.chorus.bench;

import dev.chorus.platform.db.DatabaseUrl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What the machine did, counted where it is cheapest to count: PostgreSQL transactions ({@code pg_stat_database}),
 * statements the nodes sent (their Vert.x SQL client metrics), CPU time of the node JVMs and of the local
 * PostgreSQL servers with their backends ({@code /proc}; an external server too when it runs on this machine), summed
 * over every server the nodes use. Read it before and after a measured window; the difference
 * divided by the work done is the cost per unit of work, which — unlike a rate — holds from machine to machine.
 */
final class WorkCounters {

  private static final double MS_PER_TICK = 10;            // USER_HZ is 100 on Linux
  private static final String STATEMENTS = "vertx_sql_processing_time_seconds_count";

  /**
   * One reading; {@code postgresCpuMs} is negative when the server is not a local process this tool can see.
   * {@code nodeCpuMs} includes {@code compilersMs}, the CPU of the nodes' JIT compiler threads. {@code sessionsCpuMs} is
   * the server CPU of the living sessions by application name (a context's sessions are named {@code chorus CONTEXT});
   * {@code loadCpuMs} is this process's, the load generator's.
   */
  record Reading(long transactions, long statements, double nodeCpuMs, double compilersMs, double postgresCpuMs,
                 Map<String, Double> sessionsCpuMs, double loadCpuMs) {

    Reading minus(Reading earlier) {
      Map<String, Double> sessions = new TreeMap<>();
      sessionsCpuMs.forEach((name, ms) -> sessions.put(name, ms - earlier.sessionsCpuMs.getOrDefault(name, 0.0)));
      return new Reading(transactions - earlier.transactions, statements - earlier.statements, nodeCpuMs - earlier.nodeCpuMs,
        compilersMs - earlier.compilersMs, postgresCpuMs < 0 ? -1 : postgresCpuMs - earlier.postgresCpuMs, sessions,
        loadCpuMs - earlier.loadCpuMs);
    }

    /**
     * The cost of one unit of work, for a benchmark's last line. The node CPU is given without the JIT compilers': they
     * compile for minutes after a start, more the more nodes there are, and would make node counts incomparable.
     */
    String per(long units, String unit) {
      if (units == 0) {
        return "no " + unit + " to divide by";
      }
      return String.format("per %s: %.2f transactions, %.2f statements, node CPU %.2f ms (and JIT compilers %.2f ms), PostgreSQL CPU %s",
        unit, (double) transactions / units, (double) statements / units, (nodeCpuMs - compilersMs) / units, compilersMs / units,
        postgresCpuMs < 0 ? "n/a (not a server this tool can see)" : String.format("%.2f ms", postgresCpuMs / units));
    }

    /** Where the server's CPU of one unit went, by context (its sessions), and what generating the load cost. */
    String breakdown(long units) {
      if (units == 0) {
        return "";
      }
      return String.format("PostgreSQL CPU by sessions: %s; load generator CPU %.2f ms", sessionsCpuMs.entrySet().stream()
        .map(e -> String.format("%s %.2f ms", e.getKey().isEmpty() ? "(unnamed)" : e.getKey(), e.getValue() / units))
        .collect(Collectors.joining(", ")), loadCpuMs / units);
    }
  }

  /** A server the nodes use: how to ask it, and its postmaster when it runs on this machine where this tool can see it. */
  private record Server(DatabaseUrl database, Optional<Long> postmaster) {

    String address() {
      return (database.host().equals("localhost") ? "127.0.0.1" : database.host()) + ":" + database.port();
    }
  }

  private final List<Server> servers;
  private final List<BenchNode> nodes;

  private WorkCounters(List<Server> servers, List<BenchNode> nodes) {
    this.servers = servers;
    this.nodes = nodes;
  }

  /** Counters of every server of {@code databases}: the embedded one the nodes started under {@code dataDir}, the external ones. */
  static WorkCounters of(Path dataDir, BenchDatabases databases, List<BenchNode> nodes) throws IOException {
    Map<String, Server> servers = new LinkedHashMap<>();
    if (databases.embeddedUsed()) {
      Server embedded = embedded(dataDir);
      servers.put(embedded.address(), embedded);
    }
    databases.external().forEach(url -> servers.putIfAbsent(external(url).address(), external(url)));
    return new WorkCounters(List.copyOf(servers.values()), nodes);
  }

  /** The embedded server the nodes started under {@code dataDir}. */
  private static Server embedded(Path dataDir) throws IOException {
    List<String> pidFile = Files.readAllLines(dataDir.resolve("postgres/postmaster.pid"));
    Path passwordFile = dataDir.resolve("db.password");   // absent from a build before the embedded server asked for one
    String password = Files.exists(passwordFile) ? Files.readString(passwordFile).strip() : null;
    return new Server(DatabaseUrl.local(Integer.parseInt(pidFile.get(3).trim()), "chorus", password),
      Optional.of(Long.parseLong(pidFile.get(0).trim())));
  }

  /** An external server; its CPU is counted when it runs on this machine and this tool may read its processes. */
  private static Server external(DatabaseUrl database) {
    boolean local = database.host().equals("127.0.0.1") || database.host().equals("localhost");
    return new Server(database, local ? localPostmaster(database.port()) : Optional.empty());
  }

  /** The postmaster listening on {@code port}: a process named postgres whose data directory's postmaster.pid names it and the port. */
  private static Optional<Long> localPostmaster(int port) {
    try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
      return processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
        .filter(p -> listensOn(p, port)).map(p -> Long.parseLong(p.getFileName().toString())).findFirst();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static boolean listensOn(Path process, int port) {
    try {
      List<String> command = List.of(Files.readString(process.resolve("cmdline")).split("\0"));
      int dataDir = command.indexOf("-D");
      if (dataDir < 0 || dataDir + 1 >= command.size() || !command.get(0).endsWith("postgres")) {
        return false;
      }
      List<String> pidFile = Files.readAllLines(Path.of(command.get(dataDir + 1), "postmaster.pid"));
      return pidFile.size() > 3 && pidFile.get(0).trim().equals(process.getFileName().toString())
        && pidFile.get(3).trim().equals(Integer.toString(port));
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  Reading read() throws Exception {
    long statements = 0;
    double nodeCpu = 0;
    for (BenchNode node : nodes) {
      statements += (long) node.get("/metrics").lines().filter(line -> line.startsWith(STATEMENTS))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
      nodeCpu += cpuMs(node.pid(), false);
    }
    long transactions = 0;
    double serverCpu = 0;
    Map<String, Double> sessions = new TreeMap<>();
    for (Server server : servers) {
      transactions += transactions(server.database());
      serverCpu = serverCpu < 0 || server.postmaster().isEmpty() ? -1 : serverCpu + serverCpuMs(server.postmaster().get());
      if (server.postmaster().isPresent()) {
        sessionsCpuMs(server.database()).forEach((name, ms) -> sessions.merge(name, ms, Double::sum));
      }
    }
    return new Reading(transactions, statements, nodeCpu, Compilers.cpuMs(nodes), serverCpu, sessions,
      cpuMs(ProcessHandle.current().pid(), false));
  }

  /** The CPU each living session of the server used so far, summed by its application name. */
  private static Map<String, Double> sessionsCpuMs(DatabaseUrl database) throws SQLException {
    Map<String, Double> byName = new TreeMap<>();
    try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.jdbcProperties());
         Statement statement = connection.createStatement();
         ResultSet rows = statement.executeQuery("select pid, application_name from pg_stat_activity where backend_type = 'client backend'"
           + " and pid <> pg_backend_pid()")) {
      while (rows.next()) {
        byName.merge(rows.getString(2), cpuMs(rows.getLong(1), false), Double::sum);
      }
    }
    return byName;
  }

  private static long transactions(DatabaseUrl database) throws SQLException {
    try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.jdbcProperties());
         Statement statement = connection.createStatement();
         ResultSet row = statement.executeQuery("select sum(xact_commit + xact_rollback) from pg_stat_database")) {
      row.next();
      return row.getLong(1);
    }
  }

  /** The postmaster with what its ended children used, plus its living children (the backends). */
  private static double serverCpuMs(long postmaster) {
    double total = cpuMs(postmaster, true);
    try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
      for (Path process : processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).toList()) {
        String[] stat = stat(process.resolve("stat"));
        if (stat != null && Long.parseLong(stat[1]) == postmaster) {
          total += usedMs(stat);
        }
      }
    } catch (IOException e) {
      return -1;
    }
    return total;
  }

  private static double cpuMs(long pid, boolean withEndedChildren) {
    String[] stat = stat(Path.of("/proc", Long.toString(pid), "stat"));
    if (stat == null) {
      return 0;
    }
    double used = usedMs(stat);
    if (withEndedChildren) {
      used += (Long.parseLong(stat[13]) + Long.parseLong(stat[14])) * MS_PER_TICK;
    }
    return used;
  }

  /** The CPU a process or thread has used, user and system, from its {@link #stat} fields. */
  static double usedMs(String[] stat) {
    return (Long.parseLong(stat[11]) + Long.parseLong(stat[12])) * MS_PER_TICK;
  }

  /**
   * The fields of a {@code /proc/.../stat} file after the command name: [0] state, [1] ppid, ... [11] utime,
   * [12] stime, [13] cutime, [14] cstime; null when the process or thread is gone.
   */
  static String[] stat(Path statFile) {
    try {
      String line = Files.readString(statFile);
      return line.substring(line.lastIndexOf(')') + 2).split(" ");
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
