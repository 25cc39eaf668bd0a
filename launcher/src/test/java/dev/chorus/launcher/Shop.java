package dev.chorus.launcher;

import dev.chorus.testkit.Poll;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The order flow's commands over HTTP against one node: products orders knows of, funded wallets, orders. */
final class Shop {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final NodeProcess node;

  Shop(NodeProcess node) {
    this.node = node;
  }

  HttpResponse<String> post(String path, JsonObject body, String prefer, String key) throws Exception {
    HttpRequest.Builder request = node.request(path).timeout(Duration.ofSeconds(40))
      .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.encode()));
    if (prefer != null) {
      request.header("Prefer", prefer);
    }
    if (key != null) {
      request.header("Idempotency-Key", key);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A product that orders has heard of. */
  String stockedProduct(long price, long stock) throws Exception {
    return stockedProduct(this, this, price, stock);
  }

  /** A product added through the node hosting inventory, once the node hosting orders has heard of it. */
  static String stockedProduct(Shop inventory, Shop orders, long price, long stock) throws Exception {
    String sku = sku();
    assertThat(inventory.post("/inventory/products", product(sku, price, stock), null, null).statusCode()).isEqualTo(201);
    Poll.until(Duration.ofSeconds(20), () -> orders.post("/orders", order(UUID.randomUUID().toString(), sku, stock + 1), null, null)
      .body().contains("insufficient-stock"), () -> "orders never heard of " + sku);
    return sku;
  }

  String fundedCustomer(long amount) throws Exception {
    String customer = UUID.randomUUID().toString();
    assertThat(post("/payments/wallets/" + customer + "/deposits", new JsonObject().put("amount", amount), null, null).statusCode())
      .isEqualTo(200);
    return customer;
  }

  static String sku() {
    return "sku-" + UUID.randomUUID().toString().substring(0, 8);
  }

  static JsonObject product(String sku, long price, long stock) {
    return new JsonObject().put("sku", sku).put("name", "Product " + sku).put("price", price).put("stock", stock);
  }

  static JsonObject order(String customer, String sku, long quantity) {
    return new JsonObject().put("customerId", customer)
      .put("lines", new JsonArray().add(new JsonObject().put("sku", sku).put("quantity", quantity)));
  }
}
