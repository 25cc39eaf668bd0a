package dev.chorus.launcher;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConnectionBudgetTest {

  @Test
  @DisplayName("the default budget hosts every context within 16 connections")
  void defaultHostsEveryContext() {
    ConnectionBudget budget = ConnectionBudget.divide(ConnectionBudget.DEFAULT, 7);

    assertThat(budget.readsPerContext()).isEqualTo(1);
    assertThat(budget.transactionsPerContext()).isEqualTo(1);
    assertThat(budget.opened(7)).isEqualTo(15).isLessThanOrEqualTo(16);
  }

  @Test
  @DisplayName("a larger budget is shared evenly, half of each share for reads, and never exceeded")
  void largerBudgetsAreShared() {
    for (int total = 15; total <= 200; total++) {
      for (int contexts = 1; contexts <= 7; contexts++) {
        if (total < 1 + 2 * contexts) {
          continue;
        }
        ConnectionBudget budget = ConnectionBudget.divide(total, contexts);
        assertThat(budget.opened(contexts)).as("%d connections for %d contexts", total, contexts).isLessThanOrEqualTo(total);
        assertThat(budget.readsPerContext()).isPositive();
        assertThat(budget.transactionsPerContext()).isGreaterThanOrEqualTo(budget.readsPerContext());
      }
    }
    assertThat(ConnectionBudget.divide(61, 5)).isEqualTo(new ConnectionBudget(61, 6, 6));
  }

  @Test
  @DisplayName("a budget too small for the hosted contexts is refused with the figure it needs")
  void tooSmallIsRefused() {
    assertThatThrownBy(() -> ConnectionBudget.divide(10, 7))
      .isInstanceOf(UsageException.class)
      .hasMessage("--db-connections 10 is too few for 7 context(s): a node needs 1 + 2 per hosted context (15);"
        + " raise it or host fewer contexts with --contexts");
  }

  @Test
  @DisplayName("without a budget given, a node takes 16, or what it needs when it hosts more contexts than 16 hold")
  void defaultGrowsOnlyBeyondSevenContexts() {
    assertThat(ConnectionBudget.forNode(OptionalInt.empty(), 7).total()).isEqualTo(16);
    assertThat(ConnectionBudget.forNode(OptionalInt.empty(), 8).total()).isEqualTo(17);
    assertThat(ConnectionBudget.forNode(OptionalInt.of(40), 8).total()).isEqualTo(40);
    assertThatThrownBy(() -> ConnectionBudget.forNode(OptionalInt.of(16), 8)).hasMessageContaining("is too few for 8 context(s)");
  }
}
