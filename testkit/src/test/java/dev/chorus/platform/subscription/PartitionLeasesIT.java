package dev.chorus.platform.subscription;

import dev.chorus.testkit.Poll;
import dev.chorus.testkit.TestSchema;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.chorus.testkit.Await.await;
import static dev.chorus.testkit.Await.failure;
import static org.assertj.core.api.Assertions.assertThat;

/** Who may take a partition's lease, with the nodes' presence in the database (a cluster split in two, a node cut off). */
class PartitionLeasesIT {

  private static final String SUBSCRIPTION = "inventory.orders";

  private final TestSchema db = new TestSchema("leases");
  private final Pool pool = db.pool(4);
  private final PartitionLeases leases = new PartitionLeases(pool);

  @BeforeEach
  void partitions() {
    await(leases.ensure(SUBSCRIPTION, 4));
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  @DisplayName("a lease held by a node present in the database is not taken by a node that does not see it; one that sees it takes it")
  void presentHolderOutsideTheViewKeepsItsLease() {
    long held = await(leases.acquire(SUBSCRIPTION, 0, "node-a", List.of("node-a"))).epoch();
    seen("node-a", "now()");

    Throwable refused = failure(leases.acquire(SUBSCRIPTION, 0, "node-b", List.of("node-b")));

    assertThat(refused).isInstanceOf(PartitionLeases.HeldElsewhere.class)
      .hasMessage("partition 0 of inventory.orders is held by a node that reaches the database but not this node's cluster");
    assertThat(owner(0)).isEqualTo("node-a");
    assertThat(epoch(0)).as("not fenced").isEqualTo(held);
    assertThat(await(leases.acquire(SUBSCRIPTION, 0, "node-b", List.of("node-a", "node-b"))).epoch()).as("a rebalance").isEqualTo(held + 1);
    assertThat(owner(0)).isEqualTo("node-b");
  }

  @Test
  @DisplayName("a lease whose holder has not been present for the presence window, or never was, is taken by a node that does not see it")
  void absentHolderLosesItsLease() {
    await(leases.acquire(SUBSCRIPTION, 1, "node-a", List.of()));
    await(leases.acquire(SUBSCRIPTION, 2, "node-c", List.of()));
    seen("node-a", "now() - interval '" + (Presence.STALE.toSeconds() + 1) + " seconds'");

    assertThat(await(leases.acquire(SUBSCRIPTION, 1, "node-b", List.of("node-b"))).epoch()).isEqualTo(2);
    assertThat(await(leases.acquire(SUBSCRIPTION, 2, "node-b", List.of("node-b"))).epoch()).isEqualTo(2);
    assertThat(owner(1)).isEqualTo("node-b");
    assertThat(owner(2)).isEqualTo("node-b");
  }

  @Test
  @DisplayName("a free lease, and a node's own, are taken whoever else is present")
  void freeAndOwnLeasesAreTaken() {
    seen("node-a", "now()");
    long first = await(leases.acquire(SUBSCRIPTION, 3, "node-b", List.of())).epoch();
    await(leases.release(SUBSCRIPTION, 3, "node-b", first));

    assertThat(await(leases.acquire(SUBSCRIPTION, 3, "node-b", List.of())).epoch()).isEqualTo(first + 1);
    assertThat(await(leases.acquire(SUBSCRIPTION, 3, "node-b", List.of())).epoch()).isEqualTo(first + 2);
  }

  @Test
  @DisplayName("presence: a node records itself and reads who else is present; it keeps those members and itself, all of them before its first reading")
  void presenceFiltersTheView() {
    Presence presence = new Presence(pool, "node-a");
    List<String> members = List.of("node-a", "node-b", "node-c", "node-d");
    assertThat(presence.filter(members)).as("nothing read yet").isEqualTo(members);
    seen("node-b", "now()");
    seen("node-c", "now() - interval '" + (Presence.STALE.toSeconds() + 1) + " seconds'");

    presence.beatIfDue();

    Poll.until(Duration.ofSeconds(5), () -> presence.filter(members).size() < members.size(), () -> "presence never read");
    assertThat(presence.filter(members)).containsExactly("node-a", "node-b");
    assertThat(db.count("select count(*) from leases.subscription_nodes where node = 'node-a' and seen_at > now() - interval '5 seconds'"))
      .as("recorded itself").isEqualTo(1);
  }

  private void seen(String node, String when) {
    await(pool.query("insert into subscription_nodes (node, seen_at) values ('" + node + "', " + when + ")"
      + " on conflict (node) do update set seen_at = excluded.seen_at").execute());
  }

  private String owner(int partition) {
    return await(leases.states(SUBSCRIPTION)).get(partition).owner();
  }

  private long epoch(int partition) {
    return await(leases.states(SUBSCRIPTION)).get(partition).epoch();
  }
}
