package dev.chorus.launcher;

import dev.chorus.platform.subscription.Presence;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The network faults a {@link PartitionIT} run puts a {@link LabCluster} through. Which host is hit comes from the run's
 * seeded random, so that a seed replays the same schedule.
 */
enum FaultSchedule {

  /** One node cut off from the other nodes but not from the database: each side thinks the other dead. */
  NODE_CUT_FROM_CLUSTER(3, Expect.LEASES_STAY) {
    @Override
    Fault inject(LabCluster cluster, Random random) {
      return cutOff(cluster, pick(cluster.hosts(), random));
    }
  },

  /** One node cut off from the database but not from the other nodes. */
  NODE_CUT_FROM_DATABASE(3, Expect.LEASES_MOVE) {
    @Override
    Fault inject(LabCluster cluster, Random random) {
      NetworkLab.Host victim = pick(cluster.hosts(), random);
      cluster.lab().cutFromDatabase(victim);
      return new Fault(victim + " cut off from the database", () -> cluster.lab().healDatabase(victim));
    }
  },

  /** The cluster split into two halves of two nodes, each half with the database. */
  HALVES(4, Expect.LEASES_STAY) {
    @Override
    Fault inject(LabCluster cluster, Random random) {
      List<NetworkLab.Host> hosts = new ArrayList<>(cluster.hosts());
      Collections.shuffle(hosts, random);
      List<NetworkLab.Host> left = hosts.subList(0, 2);
      List<NetworkLab.Host> right = hosts.subList(2, 4);
      left.forEach(a -> right.forEach(b -> cluster.lab().cut(a, b)));
      return new Fault(left + " cut off from " + right, () -> left.forEach(a -> right.forEach(b -> cluster.lab().heal(a, b))));
    }
  },

  /**
   * Every link slow and lossy for the whole run: each packet a node sends waits 50 ms ± 20 ms, and 5 % are lost
   * (the fault lasts from before the load to the end of the run).
   */
  SLOW_LOSSY_LINKS(3, Expect.LEASES_STAY) {
    @Override
    boolean wholeRun() {
      return true;
    }

    @Override
    Fault inject(LabCluster cluster, Random random) {
      cluster.hosts().forEach(host -> cluster.lab().degrade(host, new NetworkLab.LinkQuality(50, 20, 0.05), random.nextLong()));
      return new Fault("every link 50 ± 20 ms, 5 % lost", () -> { });
    }
  },

  /** One node cut off from the others, killed with -9 halfway through, and started again once the network heals. */
  KILL_DURING_PARTITION(3, Expect.NODE_DIES) {
    @Override
    Fault inject(LabCluster cluster, Random random) {
      NetworkLab.Host victim = pick(cluster.hosts(), random);
      Fault cut = cutOff(cluster, victim);
      return new Fault(cut.description() + ", killed halfway, started again after the heal", () -> cluster.kill(victim), () -> {
        cut.heal().run();
        cluster.restart(victim);
      });
    }
  };

  /** A fault in place: what it is, what to do halfway through it, and how it ends. */
  record Fault(String description, Step midway, Step heal) {
    Fault(String description, Step heal) {
      this(description, () -> { }, heal);
    }
  }

  /** One step of a fault. */
  interface Step {
    void run() throws Exception;
  }

  /**
   * How long after a node is gone (dead, or cut off from the database) its partitions have moved: its presence goes
   * stale, then a rebalance.
   */
  static final Duration MOVED_AFTER = Presence.STALE.plusSeconds(2);

  /**
   * What the fault may cost, beyond requests refused: leases moving to other nodes, requests left unanswered; and the
   * shortest fault in which it can be seen.
   */
  enum Expect {
    /** Every node keeps the partitions it holds, and answers every request (if only to refuse it). */
    LEASES_STAY,
    /** A node's partitions move to the others; every request is answered. */
    LEASES_MOVE,
    /**
     * A node dies halfway: until then every node keeps its partitions and answers every request; then its partitions
     * move, and only the requests it was serving get no answer.
     */
    NODE_DIES;

    /** The shortest fault that shows what is expected: partitions that move have moved before the heal. */
    Duration shortestFault() {
      return switch (this) {
        case LEASES_STAY -> Duration.ZERO;
        case LEASES_MOVE -> MOVED_AFTER;
        case NODE_DIES -> MOVED_AFTER.multipliedBy(2);
      };
    }
  }

  private final int hosts;
  private final Expect expect;

  FaultSchedule(int hosts, Expect expect) {
    this.hosts = hosts;
    this.expect = expect;
  }

  /** How many hosts the schedule needs. */
  int hosts() {
    return hosts;
  }

  /** What the fault may cost. */
  Expect expect() {
    return expect;
  }

  /** Whether the fault lasts the whole run (injected before the load starts, never healed) rather than a window within it. */
  boolean wholeRun() {
    return false;
  }

  /** Puts the fault in place. */
  abstract Fault inject(LabCluster cluster, Random random);

  private static Fault cutOff(LabCluster cluster, NetworkLab.Host victim) {
    List<NetworkLab.Host> others = cluster.hosts().stream().filter(host -> host != victim).toList();
    others.forEach(other -> cluster.lab().cut(victim, other));
    return new Fault(victim + " cut off from " + others, () -> others.forEach(other -> cluster.lab().heal(victim, other)));
  }

  private static NetworkLab.Host pick(List<NetworkLab.Host> hosts, Random random) {
    return hosts.get(random.nextInt(hosts.size()));
  }
}
