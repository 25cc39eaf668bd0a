package dev.chorus.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;

/**
 * What a deployment of the order flow carries, from measured costs. Each cost per settled order — node CPU, the
 * server's CPU for each context's sessions and its own, transactions, statements — is a straight line in the node
 * count, fitted by least squares to windows measured at saturation ({@link CostProfile}): a node added costs every order
 * a little more, because each node batches only its own partitions. A component carries {@code cores × 1000 ×
 * utilisation} ms of CPU a second; the deployment carries the rate of the first component to run out.
 */
final class CapacityModel {

  /** A cost per settled order at {@code n} nodes: {@code atOne + perNode × (n − 1)}, never below nothing. */
  record Line(double atOne, double perNode) {

    double at(int nodes) {
      return Math.max(0, atOne + perNode * (nodes - 1));
    }

    static Line fit(List<CostProfile> profiles, ToDoubleFunction<CostProfile> total) {
      double meanNodes = profiles.stream().mapToDouble(CostProfile::nodes).average().orElseThrow();
      double meanCost = profiles.stream().mapToDouble(p -> total.applyAsDouble(p) / p.settled()).average().orElseThrow();
      double covariance = 0;
      double variance = 0;
      for (CostProfile profile : profiles) {
        covariance += (profile.nodes() - meanNodes) * (total.applyAsDouble(profile) / profile.settled() - meanCost);
        variance += (profile.nodes() - meanNodes) * (profile.nodes() - meanNodes);
      }
      double slope = variance == 0 ? 0 : covariance / variance;
      return new Line(meanCost - slope * (meanNodes - 1), slope);
    }
  }

  /** A database of a deployment: the contexts it holds and the rate its CPU allows. */
  record DatabaseLimit(Set<String> contexts, double rate, double transactionsPerSecond, double statementsPerSecond) {
  }

  /** A measured window's rate beside the one predicted for it. */
  record Check(int nodes, double predicted, double measured) {
  }

  /** What {@code nodes} nodes carry: the nodes' own limit, each database's, and the lowest of them. */
  record Prediction(int nodes, double nodesRate, List<DatabaseLimit> databases) {

    double rate() {
      return Math.min(nodesRate, databases.stream().mapToDouble(DatabaseLimit::rate).min().orElse(Double.MAX_VALUE));
    }

    /** The component that runs out first: "nodes" or "database N" (1-based); the nodes when they tie with a database. */
    String saturatesFirst() {
      double rate = rate();
      if (nodesRate == rate) {
        return "nodes";
      }
      for (int i = 0; i < databases.size(); i++) {
        if (databases.get(i).rate() == rate) {
          return "database " + (i + 1);
        }
      }
      throw new IllegalStateException("no component at the rate");
    }
  }

  private final Line node;
  private final Line compilers;
  private final Line load;
  private final Line sharedServer;
  private final Map<String, Line> contexts;
  private final Line transactions;
  private final Line statements;

  private CapacityModel(Line node, Line compilers, Line load, Line sharedServer, Map<String, Line> contexts, Line transactions,
                        Line statements) {
    this.node = node;
    this.compilers = compilers;
    this.load = load;
    this.sharedServer = sharedServer;
    this.contexts = contexts;
    this.transactions = transactions;
    this.statements = statements;
  }

  /** The lines through {@code profiles}; with one node count only, every cost is taken as the same at every size. */
  static CapacityModel fit(List<CostProfile> profiles) {
    if (profiles.isEmpty()) {
      throw new IllegalArgumentException("no measured window to fit");
    }
    Set<String> names = new TreeSet<>();
    profiles.forEach(p -> names.addAll(p.contextServerCpuMs().keySet()));
    Map<String, Line> contexts = new LinkedHashMap<>();
    names.forEach(name -> contexts.put(name, Line.fit(profiles, p -> p.contextServerCpuMs().getOrDefault(name, 0.0))));
    return new CapacityModel(Line.fit(profiles, CostProfile::nodeCpuMs), Line.fit(profiles, CostProfile::compilersMs),
      Line.fit(profiles, CostProfile::loadCpuMs), Line.fit(profiles, CostProfile::sharedServerCpuMs), contexts,
      Line.fit(profiles, p -> p.transactions()), Line.fit(profiles, p -> p.statements()));
  }

  Line node() {
    return node;
  }

  Map<String, Line> contexts() {
    return contexts;
  }

  Line sharedServer() {
    return sharedServer;
  }

  Line transactions() {
    return transactions;
  }

  Line statements() {
    return statements;
  }

  /** Server CPU per settled order at {@code nodes} nodes, every context and the server's own. */
  double serverMs(int nodes) {
    return sharedServer.at(nodes) + contexts.values().stream().mapToDouble(line -> line.at(nodes)).sum();
  }

  /**
   * The rate of {@code nodes} nodes on one machine whose {@code busyCores} run everything — nodes, their compilers, the
   * server and the load generator — as this machine's benchmarks do.
   */
  double onOneMachine(int nodes, double busyCores) {
    return busyCores * 1_000 / (node.at(nodes) + compilers.at(nodes) + serverMs(nodes) + load.at(nodes));
  }

  /**
   * The rate of a deployment: {@code nodes} nodes of {@code nodeCores} each, the contexts on {@code databases} servers of
   * {@code databaseCores} each, every component run at {@code utilisation} of its CPU. The server's own CPU is shared
   * among databases in proportion to their contexts' sessions.
   */
  Prediction predict(int nodes, double nodeCores, List<Set<String>> databases, double databaseCores, double utilisation) {
    double contextsMs = contexts.values().stream().mapToDouble(line -> line.at(nodes)).sum();
    List<DatabaseLimit> limits = new ArrayList<>();
    for (Set<String> held : databases) {
      if (held.isEmpty()) {
        limits.add(new DatabaseLimit(held, Double.POSITIVE_INFINITY, 0, 0));
        continue;
      }
      double heldMs = held.stream().mapToDouble(name -> line(name).at(nodes)).sum();
      double share = contextsMs == 0 ? 1.0 / databases.size() : heldMs / contextsMs;
      double rate = databaseCores * 1_000 * utilisation / (heldMs + sharedServer.at(nodes) * share);
      limits.add(new DatabaseLimit(held, rate, transactions.at(nodes) * share * rate, statements.at(nodes) * share * rate));
    }
    return new Prediction(nodes, nodes * nodeCores * 1_000 * utilisation / node.at(nodes), limits);
  }

  /**
   * Each window predicted by the lines through the others, on this machine's cores as the others kept them busy
   * ({@link #onOneMachine}): how well the model holds where it can be checked.
   */
  static List<Check> leaveOneOut(List<CostProfile> profiles) {
    List<Check> checks = new ArrayList<>();
    for (CostProfile measured : profiles) {
      List<CostProfile> others = profiles.stream().filter(p -> p != measured).toList();
      double busyCores = others.stream().mapToDouble(CostProfile::busyCores).average().orElseThrow();
      checks.add(new Check(measured.nodes(), fit(others).onOneMachine(measured.nodes(), busyCores), measured.rate()));
    }
    return checks;
  }

  /** The contexts spread over {@code count} databases so that their server CPU is as even as it gets (largest first). */
  List<Set<String>> balanced(int count, int nodes) {
    if (count < 1 || count > contexts.size()) {
      throw new IllegalArgumentException("cannot spread " + contexts.size() + " measured contexts over " + count + " databases");
    }
    List<Set<String>> databases = new ArrayList<>();
    double[] load = new double[count];
    for (int i = 0; i < count; i++) {
      databases.add(new TreeSet<>());
    }
    contexts.entrySet().stream().sorted(Comparator.comparingDouble((Map.Entry<String, Line> e) -> e.getValue().at(nodes)).reversed())
      .forEach(e -> {
        int lightest = 0;
        for (int i = 1; i < count; i++) {
          lightest = load[i] < load[lightest] ? i : lightest;
        }
        databases.get(lightest).add(e.getKey());
        load[lightest] += e.getValue().at(nodes);
      });
    return databases;
  }

  private Line line(String context) {
    Line line = contexts.get(context);
    if (line == null) {
      throw new IllegalArgumentException("no measured cost for context '" + context + "' (measured: " + String.join(", ", contexts.keySet()) + ")");
    }
    return line;
  }
}
