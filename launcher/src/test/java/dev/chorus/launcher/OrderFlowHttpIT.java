package dev.chorus.launcher;

import dev.chorus.testkit.Poll;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import static dev.chorus.launcher.Shop.order;
import static dev.chorus.launcher.Shop.product;
import static dev.chorus.launcher.Shop.sku;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The order flow's HTTP contract, on one node from the jar hosting inventory, payments, orders, shipping and
 * pricing: answers to good and bad input, an order's outcome with {@code Prefer: wait}, shipping's carrier
 * choice and pricing's surcharge as orders sees it.
 */
class OrderFlowHttpIT {


  @TempDir
  static Path work;
  private static LocalCluster cluster;
  private static NodeProcess node;
  private static Shop shop;

  @BeforeAll
  static void start() {
    cluster = new LocalCluster(work);
    node = cluster.start("a", "inventory,payments,orders,shipping,pricing");
    shop = new Shop(node);
  }

  @AfterAll
  static void stop() throws Exception {
    cluster.close();
  }

  @Test
  @DisplayName("inventory: 201 with Location, 409 for a known sku, 400 naming the field, 404 for an unknown one")
  void inventoryAnswers() throws Exception {
    String sku = sku();
    HttpResponse<String> created = shop.post("/inventory/products", product(sku, 250, 7), null, null);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    assertThat(created.headers().firstValue("Location")).contains("/inventory/products/" + sku);
    JsonObject product = new JsonObject(created.body());
    assertThat(product.getLong("available")).isEqualTo(7);
    assertThat(product.getLong("reserved")).isZero();
    assertProblem(shop.post("/inventory/products", product(sku, 1, 1), null, null), 409, "sku-exists");
    assertProblem(shop.post("/inventory/products", product("no spaces", 1, 1), null, null), 400, "invalid-field");
    assertProblem(shop.post("/inventory/products", product(sku(), 1, -1), null, null), 400, "invalid-field");
    assertProblem(shop.post("/inventory/products", product(sku(), 1, 1).put("colour", "red"), null, null), 400, "invalid-field");
    assertThat(shop.post("/inventory/products/" + sku + "/restock", new JsonObject().put("quantity", 3), null, null).body())
      .contains("\"available\":10");
    assertProblem(shop.post("/inventory/products/" + sku() + "/restock", new JsonObject().put("quantity", 3), null, null), 404, null);
    assertProblem(shop.post("/inventory/products/" + sku + "/restock", new JsonObject().put("quantity", 0), null, null), 400, "invalid-field");
    assertThat(node.get("/inventory/products/" + sku()).statusCode()).isEqualTo(404);
  }

  @Test
  @DisplayName("payments: deposits fold into the balance and the ledger; bad amounts and ids are refused")
  void paymentsAnswers() throws Exception {
    String customer = UUID.randomUUID().toString();
    assertThat(shop.post("/payments/wallets/" + customer + "/deposits", new JsonObject().put("amount", 700), null, null).body())
      .isEqualTo("{\"balance\":700}");
    assertThat(shop.post("/payments/wallets/" + customer + "/deposits", new JsonObject().put("amount", 50), null, null).body())
      .isEqualTo("{\"balance\":750}");
    JsonObject wallet = node.getJson("/payments/wallets/" + customer);
    assertThat(wallet.getLong("balance")).isEqualTo(750);
    assertThat(wallet.getJsonArray("entries")).hasSize(2);
    assertThat(wallet.getJsonArray("entries").getJsonObject(0).getString("kind")).isEqualTo("DEPOSIT");
    assertProblem(shop.post("/payments/wallets/" + customer + "/deposits", new JsonObject().put("amount", 0), null, null), 400, "invalid-field");
    assertProblem(shop.post("/payments/wallets/not-a-uuid/deposits", new JsonObject().put("amount", 5), null, null), 400, "invalid-field");
    assertThat(node.getJson("/payments/wallets/" + UUID.randomUUID()).getLong("balance")).isZero();
  }

  @Test
  @DisplayName("orders: 422 for unknown skus and stock it knows is short, 400 for bad lines; Prefer: wait answers with the outcome")
  void ordersAnswers() throws Exception {
    String sku = shop.stockedProduct(300, 6);
    String rich = shop.fundedCustomer(10_000);
    String poor = UUID.randomUUID().toString();
    assertProblem(shop.post("/orders", order(rich, sku(), 1), null, null), 422, "unknown-sku");
    assertProblem(shop.post("/orders", order(rich, sku, 7), null, null), 422, "insufficient-stock");
    assertProblem(shop.post("/orders", new JsonObject().put("customerId", rich).put("lines", new JsonArray()), null, null), 400, "invalid-field");
    assertProblem(shop.post("/orders", order(rich, sku, 0), null, null), 400, "invalid-field");
    assertProblem(shop.post("/orders", order("nobody", sku, 1), null, null), 400, "invalid-field");

    HttpResponse<String> confirmed = shop.post("/orders", order(rich, sku, 2), "wait=20", "order-" + UUID.randomUUID());
    assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(201);
    JsonObject outcome = new JsonObject(confirmed.body());
    assertThat(outcome.getString("status")).isEqualTo("CONFIRMED");
    assertThat(outcome.getLong("total")).isEqualTo(600);
    HttpResponse<String> declined = shop.post("/orders", order(poor, sku, 1), "wait=20", null);
    assertThat(new JsonObject(declined.body()).getString("status")).as(declined.body()).isEqualTo("REJECTED");
    assertThat(new JsonObject(declined.body()).getString("reason")).contains("insufficient funds");
    HttpResponse<String> huge = shop.post("/orders", order(rich, sku, 1), "wait=99999999999999999999", null);
    assertThat(huge.statusCode()).as("a wait beyond 30 s is 30 s: " + huge.body()).isEqualTo(201);
    HttpResponse<String> pending = shop.post("/orders", order(rich, sku, 1), null, null);
    assertThat(pending.statusCode()).isEqualTo(202);
    assertThat(pending.headers().firstValue("Location")).contains("/orders/" + new JsonObject(pending.body()).getString("id"));

    JsonObject read = node.getJson("/orders/" + outcome.getString("id"));
    assertThat(read.getJsonArray("history").stream().map(h -> ((JsonObject) h).getString("status")))
      .containsExactly("PENDING", "PAYMENT_REQUESTED", "CONFIRMED");
    assertThat(node.get("/orders/" + UUID.randomUUID()).statusCode()).isEqualTo(404);
    assertThat(node.getJson("/payments/wallets/" + rich).getJsonArray("entries").stream().map(e -> (JsonObject) e)
      .filter(e -> outcome.getString("id").equals(e.getString("orderId"))))
      .singleElement().satisfies(capture -> {
        assertThat(capture.getString("kind")).isEqualTo("CAPTURE");
        assertThat(capture.getLong("amount")).isEqualTo(600);
      });
    Poll.until(Duration.ofSeconds(10), () -> node.getJson("/inventory/products/" + sku).getLong("sold") == 2 + 1 + 1,
      () -> "stock never committed for the three confirmed orders");
  }

  @Test
  @DisplayName("an order sent again with its Idempotency-Key is answered as the first time, even once the stock is gone")
  void idempotentOrders() throws Exception {
    String sku = shop.stockedProduct(100, 3);
    String customer = shop.fundedCustomer(1_000);
    String key = "order-" + UUID.randomUUID();
    HttpResponse<String> first = shop.post("/orders", order(customer, sku, 3), "wait=20", key);
    HttpResponse<String> again = shop.post("/orders", order(customer, sku, 3), "wait=20", key);
    HttpResponse<String> reused = shop.post("/orders", order(customer, sku, 1), "wait=20", key);

    assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
    assertThat(new JsonObject(first.body()).getString("status")).as(first.body()).isEqualTo("CONFIRMED");
    assertThat(again.statusCode()).as("the stock is gone, yet the retry is not refused: " + again.body()).isEqualTo(201);
    assertThat(again.body()).isEqualTo(first.body());
    assertProblem(reused, 422, "idempotency-key-reused");
  }

  @Test
  @DisplayName("orders' read model: filters by customer, minimum total and status; pages with a cursor; refuses bad filters")
  void searches() throws Exception {
    String sku = shop.stockedProduct(1_000, 50);
    String customer = shop.fundedCustomer(100_000);
    for (int quantity = 1; quantity <= 5; quantity++) {
      assertThat(shop.post("/orders", order(customer, sku, quantity), "wait=20", null).statusCode()).isEqualTo(201);
    }
    JsonObject big = node.getJson("/orders?customerId=" + customer + "&minTotal=3000&status=CONFIRMED");
    assertThat(big.getJsonArray("items").stream().map(o -> ((JsonObject) o).getLong("total"))).containsExactly(3000L, 4000L, 5000L);
    JsonObject firstPage = node.getJson("/orders?customerId=" + customer + "&limit=2");
    JsonObject secondPage = node.getJson("/orders?customerId=" + customer + "&limit=2&after="
      + java.net.URLEncoder.encode(firstPage.getString("next"), java.nio.charset.StandardCharsets.UTF_8));
    assertThat(secondPage.getJsonArray("items").getJsonObject(0).getLong("total")).isEqualTo(3000);
    assertProblem(node.get("/orders?status=LOST"), 400, "invalid-field");
    assertProblem(node.get("/orders?minTotal=-1"), 400, "invalid-field");
    assertProblem(node.get("/orders?limit=100000"), 400, "invalid-field");
    for (String cursor : new String[] {"1%7C00000000-0000-0000-0000-000000000000", "9999-99-99T99:99:99Z%7C00000000-0000-0000-0000-000000000000",
      "%2B10000-01-01T00:00:00Z%7C00000000-0000-0000-0000-000000000000", "2026-12-07T00:00:00Z%7Cnot-an-id"}) {
      assertProblem(node.get("/orders?after=" + cursor), 400, "invalid-field");
    }
    assertProblem(node.get("/pricing/products/%00"), 400, "invalid-field");
  }

  @Test
  @DisplayName("shipping schedules the confirmed order with the best running carrier promotion; pricing's surcharge reaches orders")
  void shippingAndPricing() throws Exception {
    assertProblem(shop.post("/shipping/carrier-promotions", new JsonObject().put("carrier", "swift").put("region", "default")
      .put("discountPercent", 120).put("until", "2099-01-01T00:00:00Z"), null, null), 400, "invalid-field");
    assertThat(shop.post("/shipping/carrier-promotions", new JsonObject().put("carrier", "swift").put("region", "default")
      .put("discountPercent", 15).put("until", "2099-01-01T00:00:00Z"), null, null).statusCode()).isEqualTo(201);
    String sku = shop.stockedProduct(1_000, 20);
    String customer = shop.fundedCustomer(100_000);

    JsonObject scarce = new JsonObject(shop.post("/orders", order(customer, sku, 19), "wait=20", null).body());
    assertThat(scarce.getString("status")).isEqualTo("CONFIRMED");
    Poll.until(Duration.ofSeconds(10), () -> node.get("/shipping/orders/" + scarce.getString("id")).statusCode() == 200,
      () -> "no shipment scheduled");
    assertThat(node.getJson("/shipping/orders/" + scarce.getString("id")).getString("carrier")).isEqualTo("swift");
    Poll.until(Duration.ofSeconds(10), () -> node.getJson("/pricing/products/" + sku).getLong("currentPrice") == 1_100,
      () -> "price of " + sku + " never raised");
    Poll.until(Duration.ofSeconds(10), () -> new JsonObject(shop.post("/orders", order(customer, sku, 1), "wait=20", null).body())
      .getLong("total") == 1_100, () -> "orders never charged the raised price");

    shop.post("/inventory/products/" + sku + "/restock", new JsonObject().put("quantity", 100), null, null);
    Poll.until(Duration.ofSeconds(10), () -> node.getJson("/pricing/products/" + sku).getLong("currentPrice") == 1_000,
      () -> "price never restored");
    assertThat(node.get("/pricing/products/" + sku()).statusCode()).isEqualTo(404);
  }

  private static void assertProblem(HttpResponse<String> response, int status, String type) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
    if (type != null) {
      assertThat(new JsonObject(response.body()).getString("type")).endsWith(type);
    }
  }
}
