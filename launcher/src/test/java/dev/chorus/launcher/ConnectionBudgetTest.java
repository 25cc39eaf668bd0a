package dev.chorus.launcher;

import dev.chorus.platform.db.DatabaseUrl;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConnectionBudgetTest {

  private static final List<String> SEVEN = List.of("customers", "promotions", "inventory", "payments", "orders", "shipping", "pricing");

  @Test
  @DisplayName("the default budget hosts every context within 16 connections")
  void defaultHostsEveryContext() {
    ConnectionBudget budget = ConnectionBudget.divide(ConnectionBudget.DEFAULT, 1, 7);

    assertThat(budget.readsPerContext()).isEqualTo(1);
    assertThat(budget.transactionsPerContext()).isEqualTo(1);
    assertThat(budget.opened()).isEqualTo(15).isLessThanOrEqualTo(16);
  }

  @Test
  @DisplayName("a larger budget is shared evenly, half of each share for reads, and never exceeded")
  void largerBudgetsAreShared() {
    for (int total = 15; total <= 200; total++) {
      for (int databases = 1; databases <= 3; databases++) {
        for (int contexts = 1; contexts <= 7; contexts++) {
          if (total < databases + 2 * contexts) {
            continue;
          }
          ConnectionBudget budget = ConnectionBudget.divide(total, databases, contexts);
          assertThat(budget.opened()).as("%d connections for %d contexts in %d databases", total, contexts, databases)
            .isLessThanOrEqualTo(total);
          assertThat(budget.readsPerContext()).isPositive();
          assertThat(budget.transactionsPerContext()).isGreaterThanOrEqualTo(budget.readsPerContext());
        }
      }
    }
    assertThat(ConnectionBudget.divide(61, 1, 5)).isEqualTo(new ConnectionBudget(61, 1, 5, 6, 6));
    assertThat(ConnectionBudget.divide(16, 1, 0).opened()).as("a server holding no context: its operations' connection").isEqualTo(1);
  }

  @Test
  @DisplayName("a budget too small for the hosted contexts is refused with the figure it needs")
  void tooSmallIsRefused() {
    assertThatThrownBy(() -> ConnectionBudget.divide(10, 1, 7))
      .isInstanceOf(UsageException.class)
      .hasMessage("--db-connections 10 is too few for 7 context(s) on one server: a node needs 1 per database + 2 per hosted context"
        + " there (15); raise it or host fewer contexts with --contexts");
  }

  @Test
  @DisplayName("without a budget given, a node takes 16 on a server, or what it needs when it has more contexts there than 16 hold")
  void defaultGrowsOnlyBeyondSevenContexts() {
    assertThat(ConnectionBudget.forServer(OptionalInt.empty(), 1, 7).total()).isEqualTo(16);
    assertThat(ConnectionBudget.forServer(OptionalInt.empty(), 1, 8).total()).isEqualTo(17);
    assertThat(ConnectionBudget.forServer(OptionalInt.of(40), 1, 8).total()).isEqualTo(40);
    assertThatThrownBy(() -> ConnectionBudget.forServer(OptionalInt.of(16), 1, 8)).hasMessageContaining("is too few for 8 context(s)");
  }

  @Test
  @DisplayName("--db-connections applies to each server: contexts on two servers get a budget on each, databases of one server share one")
  void budgetsArePerServer() {
    DatabaseChoice orders = new DatabaseChoice.External(DatabaseUrl.parse("postgresql://app@orders-db:5432/orders"));
    DatabaseChoice ordersArchive = new DatabaseChoice.External(DatabaseUrl.parse("postgresql://app@orders-db:5432/archive"));
    DatabasePlan plan = new DatabasePlan(new DatabaseChoice.Embedded(), Map.of("orders", orders, "payments", orders, "shipping", ordersArchive));

    DatabaseLayout layout = DatabaseLayout.of(plan, SEVEN, OptionalInt.of(16));

    assertThat(layout.placed()).containsExactly(Map.entry(new DatabaseChoice.Embedded(), List.of("customers", "promotions", "inventory", "pricing")),
      Map.entry(orders, List.of("payments", "orders")), Map.entry(ordersArchive, List.of("shipping")));
    assertThat(layout.budget(new DatabaseChoice.Embedded())).as("one database, four contexts").isEqualTo(new ConnectionBudget(16, 1, 4, 1, 2));
    assertThat(layout.budget(orders)).as("two databases, three contexts on orders-db").isEqualTo(new ConnectionBudget(16, 2, 3, 2, 2))
      .isSameAs(layout.budget(ordersArchive));
    DatabaseChoice otherPort = new DatabaseChoice.External(DatabaseUrl.parse("postgresql://app@orders-db:5433/orders"));
    assertThat(DatabaseLayout.of(new DatabasePlan(orders, Map.of("shipping", otherPort)), List.of("orders", "shipping"), OptionalInt.of(16))
      .budgets()).as("another port, another server").hasSize(2);
    assertThat(layout.budget(orders).opened()).isLessThanOrEqualTo(16);
    assertThat(layout.total()).isEqualTo(32);
    assertThat(layout.databaseOf("shipping")).isEqualTo(ordersArchive);
    assertThat(layout.databaseOf("customers")).isEqualTo(new DatabaseChoice.Embedded());
  }

  @Test
  @DisplayName("a node whose every context has a database of its own still uses the default one, for its operations only")
  void theDefaultIsAlwaysUsed() {
    DatabaseChoice own = new DatabaseChoice.External(DatabaseUrl.parse("postgresql://app@elsewhere:5432/orders"));
    DatabaseLayout layout = DatabaseLayout.of(new DatabasePlan(new DatabaseChoice.Embedded(), Map.of("orders", own)), List.of("orders"),
      OptionalInt.empty());

    assertThat(layout.placed()).containsExactly(Map.entry(new DatabaseChoice.Embedded(), List.of()), Map.entry(own, List.of("orders")));
    assertThat(layout.budget(new DatabaseChoice.Embedded()).opened()).isEqualTo(1);
  }
}
