package dev.chorus.bench;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class CapacityModelTest {

  /**
   * A window of {@code nodes} nodes that settled {@code settled} orders in 10 s, whose costs per order are the given
   * ones: node CPU, inventory's and orders' sessions, the server's own; 10 transactions and 30 statements an order at
   * one node, one transaction more per node added; half a millisecond of compilers and one of load generator.
   */
  private static CostProfile window(int nodes, long settled, double nodeMs, double inventoryMs, double ordersMs, double serverOwnMs) {
    return new CostProfile(nodes, 10, settled, (9 + nodes) * settled, 30 * settled, nodeMs * settled, 0.5 * settled,
      (inventoryMs + ordersMs + serverOwnMs) * settled, Map.of("inventory", inventoryMs * settled, "orders", ordersMs * settled),
      1.0 * settled);
  }

  private static CostProfile window(int nodes, double nodeMs, double inventoryMs, double ordersMs, double serverOwnMs) {
    return window(nodes, 1_000, nodeMs, inventoryMs, ordersMs, serverOwnMs);
  }

  @Test
  void costsAreLinesInTheNodeCountPerSettledOrderOfEachWindow() {
    CapacityModel model = CapacityModel.fit(List.of(window(1, 1_000, 2, 1, 2, 0.5), window(4, 250, 5, 1.3, 2.6, 0.5)));

    assertThat(model.node().atOne()).isCloseTo(2, within(1e-9));
    assertThat(model.node().perNode()).isCloseTo(1, within(1e-9));
    assertThat(model.contexts().get("orders").at(3)).isCloseTo(2.4, within(1e-9));
    assertThat(model.sharedServer().perNode()).isCloseTo(0, within(1e-9));
    assertThat(model.transactions().at(2)).isCloseTo(11, within(1e-9));
    assertThat(model.statements().at(7)).isCloseTo(30, within(1e-9));
    assertThat(model.serverMs(2)).isCloseTo(1.1 + 2.2 + 0.5, within(1e-9));
  }

  @Test
  void aLineThroughThreeWindowsIsTheLeastSquaresOne() {
    CapacityModel model = CapacityModel.fit(List.of(window(1, 2, 1, 1, 0), window(2, 4, 1, 1, 0), window(4, 5, 1, 1, 0)));

    // through (1, 2), (2, 4), (4, 5): slope 13/14, and 17/7 at one node
    assertThat(model.node().perNode()).isCloseTo(13.0 / 14, within(1e-9));
    assertThat(model.node().at(1)).isCloseTo(17.0 / 7, within(1e-9));
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

    CapacityModel.Prediction eight = model.predict(8, 2, oneDatabase, 8, 1.0);
    // eight nodes of two cores at 9 ms: 1,778/s; server at 1.7 + 3.4 + 0.5 = 5.6 ms: 1,429/s
    assertThat(eight.nodesRate()).isCloseTo(16_000 / 9.0, within(1e-6));
    assertThat(eight.databases().get(0).rate()).isCloseTo(8_000 / 5.6, within(1e-6));
    assertThat(eight.saturatesFirst()).isEqualTo("database 1");

    CapacityModel.Prediction halfUsed = model.predict(8, 1, oneDatabase, 4, 0.5);
    assertThat(halfUsed.nodesRate()).isCloseTo(4_000 / 9.0, within(1e-6));
    assertThat(halfUsed.rate()).isCloseTo(2_000 / 5.6, within(1e-6));
    assertThat(halfUsed.saturatesFirst()).isEqualTo("database 1");
    assertThat(halfUsed.databases().get(0).transactionsPerSecond()).isCloseTo(17 * 2_000 / 5.6, within(1e-6));
    assertThat(halfUsed.databases().get(0).statementsPerSecond()).isCloseTo(30 * 2_000 / 5.6, within(1e-6));
  }

  @Test
  void theServersOwnCpuAndItsStatementsAreSharedInProportionToTheContextsSessions() {
    CapacityModel model = CapacityModel.fit(List.of(window(1, 2, 1, 3, 2), window(2, 2, 1, 3, 2)));

    CapacityModel.Prediction split = model.predict(1, 1, List.of(Set.of("inventory"), Set.of("orders")), 1, 1.0);

    // inventory: 1 ms + a quarter of 2; orders: 3 ms + three quarters of 2
    assertThat(split.databases().get(0).rate()).isCloseTo(1_000 / 1.5, within(1e-6));
    assertThat(split.databases().get(1).rate()).isCloseTo(1_000 / 4.5, within(1e-6));
    assertThat(split.saturatesFirst()).isEqualTo("database 2");
    assertThat(split.databases().get(0).transactionsPerSecond()).isCloseTo(10 * 0.25 * 1_000 / 1.5, within(1e-6));
    assertThat(split.databases().get(0).statementsPerSecond()).isCloseTo(30 * 0.25 * 1_000 / 1.5, within(1e-6));
  }

  @Test
  void contextsAreSpreadSoThatTheServersCarryAlikeAtTheGivenSize() {
    // at one node a costs 3, b and c 2 each; at four nodes a costs 1, b and c 3 each
    CostProfile one = new CostProfile(1, 10, 1, 0, 0, 1, 0, 7, Map.of("a", 3.0, "b", 2.0, "c", 2.0), 0);
    CostProfile four = new CostProfile(4, 10, 1, 0, 0, 1, 0, 7, Map.of("a", 1.0, "b", 3.0, "c", 3.0), 0);
    CapacityModel model = CapacityModel.fit(List.of(one, four));

    assertThat(model.balanced(2, 1)).containsExactly(Set.of("a"), Set.of("b", "c"));
    assertThat(model.balanced(2, 4)).containsExactly(Set.of("b", "a"), Set.of("c"));
    assertThat(model.balanced(1, 1)).containsExactly(Set.of("a", "b", "c"));
    assertThatThrownBy(() -> model.balanced(4, 1)).hasMessageContaining("cannot spread 3 measured contexts over 4 databases");
  }

  @Test
  void aDatabaseWithoutContextsLimitsNothing() {
    CapacityModel model = CapacityModel.fit(List.of(window(1, 2, 1, 3, 0)));

    CapacityModel.Prediction prediction = model.predict(1, 1, List.of(Set.of("inventory", "orders"), Set.of()), 1, 1.0);

    assertThat(prediction.databases().get(1).rate()).isInfinite();
    assertThat(prediction.databases().get(1).transactionsPerSecond()).isZero();
    assertThat(prediction.rate()).isCloseTo(250, within(1e-6));
    assertThat(prediction.saturatesFirst()).isEqualTo("database 1");
  }

  @Test
  void aContextNobodyMeasuredIsNamed() {
    CapacityModel model = CapacityModel.fit(List.of(window(1, 2, 1, 3, 0)));

    assertThatThrownBy(() -> model.predict(1, 1, List.of(Set.of("shipping")), 1, 1.0))
      .hasMessageContaining("no measured cost for context 'shipping'").hasMessageContaining("inventory, orders");
  }

  @Test
  void onOneMachineTheSizesCostIsPaidFromTheBusyCores() {
    CapacityModel model = CapacityModel.fit(List.of(window(1, 2, 1, 2, 0.5), window(4, 5, 1.3, 2.6, 0.5)));

    // at four nodes: node 5 + compilers 0.5 + server 4.4 + load 1 = 10.9 ms an order
    assertThat(model.onOneMachine(4, 1.5)).isCloseTo(1_500 / 10.9, within(1e-6));
  }

  @Test
  void windowsOnTheLinesArePredictedExactlyEachFromTheOthers() {
    // node CPU 2 + 1 × (N − 1) ms, everything else alike; each window keeps the same 1.2 cores busy
    List<CostProfile> profiles = List.of(1, 2, 4).stream().map(nodes -> {
      double perOrderMs = (1 + nodes) + 0.5 + 3 + 1;
      long settled = Math.round(12_000 / perOrderMs);
      return window(nodes, settled, 1 + nodes, 1, 2, 0);
    }).toList();

    List<CapacityModel.Check> checks = CapacityModel.leaveOneOut(profiles);

    assertThat(checks).extracting(CapacityModel.Check::nodes).containsExactly(1, 2, 4);
    checks.forEach(check -> assertThat(check.predicted() / check.measured()).as(check.toString()).isCloseTo(1, within(0.01)));
  }
}
