package dev.chorus.launcher;

import dev.chorus.testkit.Poll;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Machines of a test cluster on this one: each host is a network namespace with an address of its own on a bridge,
 * the way machines share a network. The bridge also holds the address the test reaches the hosts from
 * ({@link #clientAddress()}) and the database's ({@link #databaseAddress()}), so that a host cut off from the database
 * is still reached by the test. Addresses come from 198.18.0.0/15, the range set aside for benchmarking networks
 * (RFC 2544): no real network uses it.
 * <p>
 * Faults are iptables rules in the hosts' namespaces, on every packet (no connection tracking): a link cut drops both
 * ways, as a failed switch port does, and a slow link queues each packet leaving a host to {@code link_delay.py}, which
 * holds it for a random delay or drops it (the kernel's netem does the same where it is built in).
 * Needs Linux, root, {@code ip}, {@code iptables-legacy} and {@code python3}.
 */
final class NetworkLab implements AutoCloseable {

  private static final String IPTABLES = "iptables-legacy";
  private static final int QUEUE = 0;

  /** A machine: its namespace, its address on the bridge and the bridge's end of its link. */
  record Host(String name, String namespace, String address, String link) {
    @Override
    public String toString() {
      return name + " (" + address + ")";
    }
  }

  /** How slow and lossy a host's links are: each packet it sends waits {@code delayMs ± jitterMs}, a share {@code loss} is dropped. */
  record LinkQuality(int delayMs, int jitterMs, double loss) {
  }

  private final int subnet;
  private final String bridge;
  private final Path work;
  private final List<Host> hosts = new CopyOnWriteArrayList<>();
  private final List<Process> delays = new CopyOnWriteArrayList<>();

  private NetworkLab(int subnet, Path work) {
    this.subnet = subnet;
    this.bridge = "chlab" + subnet;
    this.work = work;
  }

  /**
   * Why a lab cannot be built here, if it cannot: tried for real, with a namespace that filters packets and queues them to
   * a program (as a slow link does).
   */
  static Optional<String> unavailable() {
    if (!"root".equals(System.getProperty("user.name"))) {
      return Optional.of("network namespaces need root (running as " + System.getProperty("user.name") + ")");
    }
    for (String tool : List.of("ip", IPTABLES, "python3")) {
      if (!onPath(tool)) {
        return Optional.of(tool + " is not installed");
      }
    }
    String probe = "chorus-lab-probe-" + ProcessHandle.current().pid();
    try {
      run("ip", "netns", "add", probe);
      run("ip", "netns", "exec", probe, IPTABLES, "-w", "-A", "OUTPUT", "-d", "198.18.0.0/15", "-j", "NFQUEUE", "--queue-num",
        Integer.toString(QUEUE));
      return Optional.empty();
    } catch (IllegalStateException e) {
      return Optional.of("network namespaces or iptables do not work here: " + e.getMessage());
    } finally {
      runQuietly("ip", "netns", "del", probe);
    }
  }

  /** A bridge of its own, on a /24 no interface of this machine uses. */
  static NetworkLab create(Path work) {
    for (int attempt = 0; attempt < 50; attempt++) {
      int subnet = ThreadLocalRandom.current().nextInt(1, 255);
      if (!subnetInUse(subnet) && !Files.exists(Path.of("/sys/class/net/chlab" + subnet))) {
        NetworkLab lab = new NetworkLab(subnet, work);
        // Bridged packets skip this machine's own iptables rules (a host whose FORWARD chain drops would split the lab).
        run("ip", "link", "add", lab.bridge, "type", "bridge", "nf_call_iptables", "0");
        try {
          run("ip", "addr", "add", lab.clientAddress() + "/24", "dev", lab.bridge);
          run("ip", "addr", "add", lab.databaseAddress() + "/24", "dev", lab.bridge);
          run("ip", "link", "set", lab.bridge, "up");
        } catch (RuntimeException e) {
          lab.close();
          throw e;
        }
        return lab;
      }
    }
    throw new IllegalStateException("no free 198.18.x.0/24 for a network lab");
  }

  /** Where the test's own requests come from. */
  String clientAddress() {
    return address(1);
  }

  /** Where the database listens. */
  String databaseAddress() {
    return address(2);
  }

  /** The hosts' network, e.g. {@code 198.18.7.0/24}. */
  String network() {
    return address(0) + "/24";
  }

  /** A new machine on the bridge, named e.g. {@code node-1}. */
  Host addHost(String name) {
    int index = hosts.size() + 1;
    Host host = new Host(name, "chorus-lab" + subnet + "-" + index, address(10 + index), "chl" + subnet + "h" + index);
    hosts.add(host);   // before it exists: closing the lab removes what was made of it if a step below fails
    run("ip", "netns", "add", host.namespace());
    run("ip", "link", "add", host.link(), "type", "veth", "peer", "name", "eth0", "netns", host.namespace());
    run("ip", "link", "set", host.link(), "master", bridge, "up");
    run("ip", "-n", host.namespace(), "addr", "add", host.address() + "/24", "dev", "eth0");
    run("ip", "-n", host.namespace(), "link", "set", "eth0", "up");
    run("ip", "-n", host.namespace(), "link", "set", "lo", "up");
    return host;
  }

  /** {@code command}, run on {@code host}. */
  List<String> on(Host host, List<String> command) {
    List<String> inside = new ArrayList<>(List.of("ip", "netns", "exec", host.namespace()));
    inside.addAll(command);
    return inside;
  }

  /** Nothing passes between {@code a} and {@code b} any more, either way. */
  void cut(Host a, Host b) {
    drop(a, b.address(), "-I");
    drop(b, a.address(), "-I");
  }

  /** Undoes {@link #cut}. */
  void heal(Host a, Host b) {
    drop(a, b.address(), "-D");
    drop(b, a.address(), "-D");
  }

  /** Nothing passes between {@code host} and the database, either way; the test still reaches it. */
  void cutFromDatabase(Host host) {
    drop(host, databaseAddress(), "-I");
  }

  /** Undoes {@link #cutFromDatabase}. */
  void healDatabase(Host host) {
    drop(host, databaseAddress(), "-D");
  }

  /**
   * From now on every packet {@code host} sends to the other hosts and to the database (not to the test) waits and
   * may be lost, as {@code quality} says; {@code seed} fixes the sequence of delays and losses.
   */
  void degrade(Host host, LinkQuality quality, long seed) {
    try {
      Path script = work.resolve("link_delay.py");
      if (!Files.exists(script)) {
        try (var in = NetworkLab.class.getResourceAsStream("/link_delay.py")) {
          Files.write(script, in.readAllBytes());
        }
      }
      Process delay = new ProcessBuilder(on(host, List.of("python3", script.toString(), Integer.toString(QUEUE),
        Integer.toString(quality.delayMs()), Integer.toString(quality.jitterMs()), Double.toString(quality.loss()), Long.toString(seed))))
        .redirectErrorStream(true).redirectOutput(work.resolve("link-delay-" + host.name() + ".log").toFile()).start();
      delays.add(delay);
      awaitLine(work.resolve("link-delay-" + host.name() + ".log"), "link_delay: queue", delay);
      iptables(host, "-A", "OUTPUT", "-d", clientAddress(), "-j", "ACCEPT");
      iptables(host, "-A", "OUTPUT", "-d", network(), "-j", "NFQUEUE", "--queue-num", Integer.toString(QUEUE));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    delays.forEach(Process::destroyForcibly);
    for (Host host : hosts) {
      runQuietly("ip", "netns", "del", host.namespace());
    }
    runQuietly("ip", "link", "del", bridge);
  }

  private void drop(Host host, String peer, String action) {
    iptables(host, action, "INPUT", "-s", peer, "-j", "DROP");
    iptables(host, action, "OUTPUT", "-d", peer, "-j", "DROP");
  }

  private void iptables(Host host, String... rule) {
    List<String> command = new ArrayList<>(List.of(IPTABLES, "-w"));
    command.addAll(List.of(rule));
    run(on(host, command).toArray(String[]::new));
  }

  private String address(int last) {
    return "198.18." + subnet + "." + last;
  }

  private static void awaitLine(Path log, String line, Process process) {
    Poll.until(Duration.ofSeconds(10), () -> {
      if (!process.isAlive()) {
        throw new AssertionError("link_delay.py exited: " + Files.readString(log));
      }
      return Files.exists(log) && Files.readString(log).contains(line);
    }, () -> "link_delay.py never started: " + log);
  }

  private static void run(String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void runQuietly(String... command) {
    try {
      run(command);
    } catch (RuntimeException e) {
      System.err.println("network lab: " + e.getMessage());
    }
  }

  private static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return Files.isExecutable(Path.of("/usr/sbin", tool)) || Files.isExecutable(Path.of("/sbin", tool));
  }

  private static boolean subnetInUse(int subnet) {
    try {
      return NetworkInterface.networkInterfaces().flatMap(NetworkInterface::inetAddresses)
        .anyMatch(address -> address.getHostAddress().startsWith("198.18." + subnet + "."));
    } catch (SocketException e) {
      throw new UncheckedIOException(e);
    }
  }
}
