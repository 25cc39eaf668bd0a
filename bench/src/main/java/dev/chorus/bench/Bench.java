package dev.chorus.bench;

import java.util.Arrays;

/** {@code java -jar bench/target/chorus-bench.jar <benchmark> [options]}. */
public final class Bench {

  private Bench() {
  }

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      System.err.println("usage: java -jar chorus-bench.jar append|propagation|orders|scale|idle|capacity [options]   (see docs/benchmarks.md)");
      System.exit(2);
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    switch (args[0]) {
      case "append" -> AppendBenchmark.run(BenchOptions.parse(rest));
      case "propagation" -> PropagationBenchmark.run(BenchOptions.parse(rest));
      case "orders" -> OrdersBenchmark.run(BenchOptions.parse(rest));
      case "scale" -> ScaleBenchmark.run(BenchOptions.parse(rest));
      case "idle" -> IdleBenchmark.run(BenchOptions.parse(rest));
      case "capacity" -> CapacityBenchmark.run(BenchOptions.parse(rest));
      default -> {
        System.err.println("unknown benchmark '" + args[0] + "' (known: append, propagation, orders, scale, idle, capacity)");
        System.exit(2);
      }
    }
    System.exit(0);
  }
}
