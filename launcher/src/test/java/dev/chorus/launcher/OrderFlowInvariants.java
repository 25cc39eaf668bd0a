package dev.chorus.launcher;

import dev.chorus.platform.db.DatabaseUrl;
import dev.chorus.testkit.Poll;
import io.vertx.core.json.JsonObject;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The order flow's invariants, checked against a recount from the contexts' logs ({@link OrderFlowAudit}) and the
 * contexts' HTTP answers: no oversold product, no wrong charge, one shipment per confirmed order, every order final,
 * wallets that add up, read models that answer what the logs say.
 */
final class OrderFlowInvariants {

  private OrderFlowInvariants() {
  }

  /**
   * Polls until the recount from the logs satisfies every invariant, failing at once on a violation that can
   * never heal (an oversold product, a second capture, a shipment for a failed order).
   */
  static OrderFlowAudit awaitConsistent(DatabaseUrl database, NodeProcess node, Map<String, OrderFlowLoad.Placed> placed, List<String> skus,
                                        List<String> customers) {
    return awaitConsistent(context -> database, node, placed, skus, customers);
  }

  /** As above, each context's log read from its own database. */
  static OrderFlowAudit awaitConsistent(Function<String, DatabaseUrl> databaseOf, NodeProcess node, Map<String, OrderFlowLoad.Placed> placed,
                                        List<String> skus, List<String> customers) {
    OrderFlowAudit[] last = {null};
    String[] problem = {"nothing checked yet"};
    Poll.until(Duration.ofSeconds(120), () -> {
      OrderFlowAudit audit = OrderFlowAudit.of(databaseOf);
      last[0] = audit;
      problem[0] = firstProblem(node, audit, placed, skus, customers);
      return problem[0] == null;
    }, () -> "the order flow never became consistent: " + problem[0] + "\n" + LocalCluster.cluster(node));
    return last[0];
  }

  private static String firstProblem(NodeProcess node, OrderFlowAudit audit, Map<String, OrderFlowLoad.Placed> placed, List<String> skus,
                                     List<String> customers) throws Exception {
    assertThat(audit.orders.keySet()).as("orders in the log are the orders placed").isEqualTo(placed.keySet());
    for (var entry : placed.entrySet()) {
      String problem = orderProblem(entry.getKey(), entry.getValue(), audit);
      if (problem != null) {
        return problem;
      }
    }
    for (String sku : skus) {
      String problem = productProblem(node.getJson("/inventory/products/" + sku), audit, placed);
      if (problem != null) {
        return problem;
      }
    }
    for (String customer : customers) {
      OrderFlowAudit.Wallet wallet = audit.wallets.getOrDefault(customer, new OrderFlowAudit.Wallet(0, 0, 0));
      long balance = node.getJson("/payments/wallets/" + customer).getLong("balance");
      assertThat(wallet.deposited() - wallet.captured() + wallet.refunded()).as("wallet " + customer + " never negative").isNotNegative();
      if (balance != wallet.deposited() - wallet.captured() + wallet.refunded()) {
        return "wallet " + customer + ": balance " + balance + " but its ledger says " + wallet;
      }
    }
    return null;
  }

  private static String orderProblem(String id, OrderFlowLoad.Placed placed, OrderFlowAudit audit) {
    OrderFlowAudit.Order order = audit.orders.get(id);
    assertThat(order.finals()).as("final events of " + id).isLessThanOrEqualTo(1);
    OrderFlowAudit.Money money = audit.money.getOrDefault(id, new OrderFlowAudit.Money(0, 0, 0, 0));
    assertThat(money.captures()).as("captures of " + id).isLessThanOrEqualTo(1);
    assertThat(money.refunds()).as("refunds of " + id).isLessThanOrEqualTo(money.captures());
    int shipments = audit.shipments.getOrDefault(id, 0);
    if (order.status().equals("PENDING")) {
      return "order " + id + " is not final";
    }
    if (order.status().equals("CONFIRMED")) {
      assertThat(money.refunds()).as("refunds of confirmed " + id).isZero();
      assertThat(shipments).as("shipments of " + id).isLessThanOrEqualTo(1);
      if (money.captures() != 1 || money.captured() != order.total()) {
        return "confirmed order " + id + " has no capture of its total " + order.total() + ": " + money;
      }
      for (var line : placed.lines().entrySet()) {
        OrderFlowAudit.Stock stock = audit.stock.get(OrderFlowAudit.stockKey(id, line.getKey()));
        assertThat(stock).as("stock of confirmed " + id + "/" + line.getKey()).isNotNull();
        assertThat(stock.commits()).as("commits of " + id + "/" + line.getKey()).isLessThanOrEqualTo(1);
        assertThat(stock.released()).as("released for confirmed " + id).isZero();
        if (stock.commits() != 1 || stock.committed() != line.getValue() || stock.reserved() != line.getValue()) {
          return "confirmed order " + id + " has not committed " + line + ": " + stock;
        }
      }
      if (shipments != 1) {
        return "confirmed order " + id + " has no shipment yet";
      }
      assertThat(audit.conversations.get(id)).as("correlation ids of the events of confirmed " + id + ", in every context").hasSize(1);
      return null;
    }
    assertThat(shipments).as("shipments of failed " + id).isZero();
    for (String sku : placed.lines().keySet()) {
      OrderFlowAudit.Stock stock = audit.stock.getOrDefault(OrderFlowAudit.stockKey(id, sku), new OrderFlowAudit.Stock(0, 0, 0, 0));
      assertThat(stock.committed()).as("stock committed for failed " + id).isZero();
      if (stock.reserved() != stock.released()) {
        return order.status().toLowerCase() + " order " + id + " still holds " + sku + ": " + stock;
      }
    }
    return money.captured() == money.refunded() ? null
      : order.status().toLowerCase() + " order " + id + " is still charged: " + money;
  }

  private static String productProblem(JsonObject product, OrderFlowAudit audit, Map<String, OrderFlowLoad.Placed> placed) {
    String sku = product.getString("sku");
    OrderFlowAudit.Product log = audit.products.get(sku);
    long sold = placed.entrySet().stream().filter(e -> audit.orders.get(e.getKey()).status().equals("CONFIRMED"))
      .mapToLong(e -> e.getValue().lines().getOrDefault(sku, 0L)).sum();
    long available = product.getLong("available");
    long reserved = product.getLong("reserved");
    assertThat(available).as(sku + " available").isNotNegative();
    assertThat(reserved).as(sku + " reserved").isNotNegative();
    assertThat(log.committed()).as(sku + " never oversold").isLessThanOrEqualTo(log.initial() + log.restocked());
    assertThat(available + reserved + product.getLong("sold")).as(sku + ": initial + restocks = available + reserved + sold")
      .isEqualTo(log.initial() + log.restocked());
    if (reserved != 0 || product.getLong("sold") != log.committed() || log.committed() != sold) {
      return sku + ": " + product.encode() + ", committed in its log " + log.committed() + ", sold to confirmed orders " + sold;
    }
    return null;
  }

  /** Every query of the orders read model answers what a recount from the log answers. */
  static void assertReadModelMatches(NodeProcess node, OrderFlowAudit audit, List<String> customers) throws Exception {
    for (String status : List.of("CONFIRMED", "REJECTED", "CANCELLED", "PENDING")) {
      assertThat(search(node, "status=" + status)).as("orders " + status)
        .isEqualTo(idsWhere(audit, o -> o.status().equals(status)));
    }
    long[] totals = audit.orders.values().stream().mapToLong(OrderFlowAudit.Order::total).sorted().toArray();
    long median = totals[totals.length / 2];
    assertThat(search(node, "minTotal=" + median)).as("orders of at least " + median)
      .isEqualTo(idsWhere(audit, o -> o.total() >= median));
    for (String customer : customers.subList(0, 10)) {
      assertThat(search(node, "customerId=" + customer + "&status=CONFIRMED")).as("confirmed orders of " + customer)
        .isEqualTo(idsWhere(audit, o -> o.customerId().equals(customer) && o.status().equals("CONFIRMED")));
    }
  }

  private static Set<String> idsWhere(OrderFlowAudit audit, java.util.function.Predicate<OrderFlowAudit.Order> filter) {
    return audit.orders.values().stream().filter(filter).map(OrderFlowAudit.Order::id).collect(Collectors.toSet());
  }

  /** Every id the search answers, following its pages of 50. */
  private static Set<String> search(NodeProcess node, String query) throws Exception {
    Set<String> ids = new HashSet<>();
    String after = null;
    do {
      String page = "/orders?limit=50&" + query + (after == null ? "" : "&after=" + URLEncoder.encode(after, StandardCharsets.UTF_8));
      HttpResponse<String> response = node.get(page);
      assertThat(response.statusCode()).as(page + ": " + response.body()).isEqualTo(200);
      JsonObject answer = new JsonObject(response.body());
      answer.getJsonArray("items").forEach(item -> assertThat(ids.add(((JsonObject) item).getString("id"))).as("no order twice").isTrue());
      after = answer.getString("next");
    } while (after != null);
    return ids;
  }

  static String outcomes(OrderFlowAudit audit) {
    Map<String, Long> counts = audit.orders.values().stream()
      .collect(Collectors.groupingBy(OrderFlowAudit.Order::status, java.util.TreeMap::new, Collectors.counting()));
    return counts.toString();
  }
}
