package dev.chorus.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What a deployment of the order flow would carry, predicted by {@link CapacityModel} from windows measured at
 * saturation with {@code bench orders --costs FILE}; and how well the model predicts this machine (each measured window
 * predicted from the others).
 * <p>
 * Options: {@code --costs a.properties,b.properties,...} (required; two node counts or more to fit the cost of a node added),
 * {@code --nodes 8}, {@code --node-cores 4}, {@code --databases 1} (contexts spread evenly by their server CPU) or
 * {@code --place inventory,orders/payments,pricing,shipping} (a database's contexts, databases apart by {@code /}),
 * {@code --db-cores 8}, {@code --utilisation 0.7} (the share of each component's CPU a deployment is run at).
 */
final class CapacityBenchmark {

  private CapacityBenchmark() {
  }

  static void run(BenchOptions options) throws Exception {
    String costs = options.string("costs", null);
    if (costs == null) {
      throw new IllegalArgumentException("--costs FILE[,FILE...] is required: windows measured with bench orders --costs");
    }
    List<CostProfile> profiles = new ArrayList<>();
    for (String file : costs.split(",")) {
      profiles.add(CostProfile.read(Path.of(file.trim())));
    }
    CapacityModel model = CapacityModel.fit(profiles);
    describe(model, profiles);
    validate(profiles);
    int nodes = options.integer("nodes", 8);
    double nodeCores = Double.parseDouble(options.string("node-cores", "4"));
    double databaseCores = Double.parseDouble(options.string("db-cores", "8"));
    double utilisation = Double.parseDouble(options.string("utilisation", "0.7"));
    String place = options.string("place", null);
    int databaseCount = place == null ? options.integer("databases", 1) : place.split("/").length;
    List<Set<String>> databases = place == null ? model.balanced(databaseCount, nodes) : placement(place, model.contexts().keySet());
    System.out.printf("%ndeployment: %d nodes of %.1f cores, %s on %d database server%s of %.1f cores, each run at %.0f %% of its CPU%n",
      nodes, nodeCores, describe(databases), databases.size(), databases.size() == 1 ? "" : "s", databaseCores, utilisation * 100);
    System.out.println("nodes | nodes' limit | " + databaseColumns(databases.size()) + " | predicted | saturates first");
    Integer stopsHelping = null;
    for (int n = 1; n <= nodes; n++) {
      CapacityModel.Prediction prediction = model.predict(n, nodeCores, databases, databaseCores, utilisation);
      System.out.printf("%5d | %9.0f/s | %s | %7.0f/s | %s%n", n, prediction.nodesRate(), prediction.databases().stream()
        .map(db -> String.format("%7.0f/s (%.0f tx/s)", db.rate(), db.transactionsPerSecond())).collect(Collectors.joining(" | ")),
        prediction.rate(), prediction.saturatesFirst());
      if (stopsHelping == null && !prediction.saturatesFirst().equals("nodes")) {
        stopsHelping = n;
      }
    }
    System.out.println(stopsHelping == null
      ? "the nodes saturate first at every size up to " + nodes + ": more nodes still add capacity"
      : "from " + stopsHelping + " node" + (stopsHelping == 1 ? "" : "s") + " on, a database saturates first: more nodes add no capacity");
    for (int count = 1; count <= Math.min(3, model.contexts().size()); count++) {
      List<Set<String>> split = model.balanced(count, nodes);
      System.out.printf("%d nodes with %s: %.0f orders/s%n", nodes, describe(split),
        model.predict(nodes, nodeCores, split, databaseCores, utilisation).rate());
    }
  }

  private static void describe(CapacityModel model, List<CostProfile> profiles) {
    System.out.printf("capacity model fitted to %d measured windows (%s nodes); per settled order at N nodes:%n", profiles.size(),
      profiles.stream().map(p -> Integer.toString(p.nodes())).collect(Collectors.joining(", ")));
    System.out.printf("  node CPU %s, server CPU %s + %s%n", line(model.node(), "ms"), model.contexts().entrySet().stream()
      .map(e -> e.getKey() + " " + line(e.getValue(), "ms")).collect(Collectors.joining(" + ")), "its own " + line(model.sharedServer(), "ms"));
    System.out.printf("  transactions %s, statements %s%n", line(model.transactions(), ""), line(model.statements(), ""));
  }

  /** Each window predicted by the lines through the others, on this machine's cores as the others used them. */
  private static void validate(List<CostProfile> profiles) {
    if (profiles.stream().map(CostProfile::nodes).distinct().count() < 3) {
      System.out.println("validation: needs windows at three node counts or more (each predicted from the others)");
      return;
    }
    for (CapacityModel.Check check : CapacityModel.leaveOneOut(profiles)) {
      System.out.printf("validation: %d node%s on this machine, predicted from the other windows %.0f orders/s, measured %.0f/s"
          + " (%.2f)%n", check.nodes(), check.nodes() == 1 ? "" : "s", check.predicted(), check.measured(), check.predicted() / check.measured());
    }
  }

  private static String line(CapacityModel.Line line, String unit) {
    return String.format("%.2f%s %s %.2f × (N − 1)", line.atOne(), unit.isEmpty() ? "" : " " + unit, line.perNode() < 0 ? "−" : "+",
      Math.abs(line.perNode()));
  }

  /** The databases of {@code --place}, which must hold every measured context once. */
  private static List<Set<String>> placement(String place, Set<String> measured) {
    List<Set<String>> databases = Arrays.stream(place.split("/")).map(group -> (Set<String>) Arrays.stream(group.split(","))
      .map(String::trim).collect(Collectors.toCollection(TreeSet::new))).toList();
    List<String> placed = databases.stream().flatMap(Set::stream).sorted().toList();
    if (!placed.equals(List.copyOf(new TreeSet<>(measured)))) {
      throw new IllegalArgumentException("--place " + place + " must name each measured context once: " + String.join(", ", new TreeSet<>(measured)));
    }
    return databases;
  }

  private static String describe(List<Set<String>> databases) {
    return databases.stream().map(db -> "[" + String.join(", ", db) + "]").collect(Collectors.joining(" "));
  }

  private static String databaseColumns(int count) {
    return count == 1 ? "database's limit" : java.util.stream.IntStream.rangeClosed(1, count)
      .mapToObj(i -> "database " + i + "'s limit").collect(Collectors.joining(" | "));
  }
}
