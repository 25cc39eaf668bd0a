package dev.chorus.bench;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class CapacityModelTest {

  /**
   * A window of {@code nodes} nodes that settled 1,000 orders in 10 s, whose costs per order are the given ones: node
   * CPU, inventory's and orders' sessions, the server's own; 10 transactions and 30 statements an order at one node,
   * one transaction more per node added.
   */
  private static CostProfile window(int nodes, double nodeMs, double inventoryMs, double ordersMs, double serverOwnMs) {
    long settled = 1_000;
    return new CostProfile(nodes, 10, settled, (9 + nodes) * settled, 30 * settled, nodeMs * settled, 0.5 * settled,
      (inventoryMs + ordersMs + serverOwnMs) * settled, Map.of("inventory", inventoryMs * settled, "orders", ordersMs * settled),
      1.0 * settled);
  }

  @Test
  void costsAreLinesInTheNodeCount() {
    CapacityModel model = CapacityModel.fit(List.of(window(1, 2, 1, 2, 0.5), window(4, 5, 1.3, 2.6, 0.5)));

    assertThat(model.node().atOne()).isCloseTo(2, within(1e-9));
    assertThat(model.node().perNode()).isCloseTo(1, within(1e-9));
    assertThat(model.contexts().get("orders").at(3)).isCloseTo(2.4, within(1e-9));
    assertThat(model.sharedServer().perNode()).isCloseTo(0, within(1e-9));
    assertThat(model.transactions().at(2)).isCloseTo(11, within(1e-9));
    assertThat(model.serverMs(2)).isCloseTo(1.1 + 2.2 + 0.5, within(1e-9));
  }

  @Test
  void aLineThroughThreeWindowsIsTheLeastSquaresOne() {
    CapacityModel model = CapacityModel.fit(List.of(window(1, 2, 1, 1, 0), window(2, 4, 1, 1, 0), window(4, 5, 1, 1, 0)));

    // through (1, 2), (2, 4), (4, 5): slope 13/14, mean 11/3 at mean 7/3 nodes
    assertThat(model.node().perNode()).isCloseTo(13.0 / 14, within(1e-9));
    assertThat(model.node().at(1)).isCloseTo(11.0 / 3 - 13.0 / 14 * 4 / 3, within(1e-9));
  }

  @Test
  void aCostFittedBelowNothingIsNothing() {
    CapacityModel model = CapacityModel.fit(List.of(window(2, 1, 1, 1, 0), window(4, 5, 1, 1, 0)));

    assertThat(model.node().atOne()).isCloseTo(-1, within(1e-9));
    assertThat(model.node().at(1)).isZero();
    assertThat(model.node().at(3)).isCloseTo(3, within(1e-9));
  }

  @Test
  void theFirstComponentToRunOutSetsTheRate() {
    CapacityModel model = CapacityModel.fit(List.of(window(1, 2, 1, 2, 0.5), window(4, 5, 1.3, 2.6, 0.5)));
    List<Set<String>> oneDatabase = List.of(Set.of("inventory", "orders"));

    CapacityModel.Prediction one = model.predict(1, 1, oneDatabase, 8, 1.0);
    // one core of node at 2 ms an order: 500/s; 8 cores of server at 3.5 ms: 2,286/s
    assertThat(one.nodesRate()).isCloseTo(500, within(1e-6));
    assertThat(one.databases().get(0).rate()).isCloseTo(8_000 / 3.5, within(1e-6));
    assertThat(one.rate()).isCloseTo(500, within(1e-6));
    assertThat(one.saturatesFirst()).isEqualTo("nodes");

    CapacityModel.Prediction eight = model.predict(8, 1, oneDatabase, 8, 1.0);
    // eight nodes at 9 ms: 889/s; server at 1.7 + 3.4 + 0.5 = 5.6 ms: 1,429/s
    assertThat(eight.nodesRate()).isCloseTo(8_000 / 9.0, within(1e-6));
    assertThat(eight.databases().get(0).rate()).isCloseTo(8_000 / 5.6, within(1e-6));
    assertThat(eight.saturatesFirst()).isEqualTo("nodes");

    CapacityModel.Prediction smallServer = model.predict(8, 1, oneDatabase, 4, 0.5);
    assertThat(smallServer.rate()).isCloseTo(2_000 / 5.6, within(1e-6));
    assertThat(smallServer.saturatesFirst()).isEqualTo("database 1");
    assertThat(smallServer.databases().get(0).transactionsPerSecond()).isCloseTo(17 * 2_000 / 5.6, within(1e-6));
  }

  @Test
  void theServersOwnCpuIsSharedInProportionToTheContextsSessions() {
    CapacityModel model = CapacityModel.fit(List.of(window(1, 2, 1, 3, 2), window(2, 2, 1, 3, 2)));

    CapacityModel.Prediction split = model.predict(1, 1, List.of(Set.of("inventory"), Set.of("orders")), 1, 1.0);

    // inventory: 1 ms + a quarter of 2; orders: 3 ms + three quarters of 2
    assertThat(split.databases().get(0).rate()).isCloseTo(1_000 / 1.5, within(1e-6));
    assertThat(split.databases().get(1).rate()).isCloseTo(1_000 / 4.5, within(1e-6));
    assertThat(split.saturatesFirst()).isEqualTo("database 2");
  }

  @Test
  void contextsAreSpreadSoThatTheServersCarryAlike() {
    CapacityModel model = CapacityModel.fit(List.of(window(1, 2, 1, 3, 0)));

    assertThat(model.balanced(2, 1)).containsExactly(Set.of("orders"), Set.of("inventory"));
    assertThat(model.balanced(1, 1)).containsExactly(Set.of("inventory", "orders"));
  }

  @Test
  void aWindowPredictsItsOwnRateOnTheCoresItWasGiven() {
    CostProfile measured = window(2, 3, 1, 2, 0.5);

    double predicted = CapacityModel.fit(List.of(measured)).onOneMachine(2, measured.busyCores());

    assertThat(predicted).isCloseTo(measured.rate(), within(1e-6));
  }
}
