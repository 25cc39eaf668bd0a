package dev.chorus.launcher;

import dev.chorus.contracts.customers.CustomerRegistered;
import dev.chorus.contracts.inventory.ProductAdded;
import dev.chorus.contracts.inventory.ProductRestocked;
import dev.chorus.contracts.orders.OrderPlaced;
import dev.chorus.contracts.payments.Deposited;
import dev.chorus.platform.db.DatabaseUrl;
import dev.chorus.shipping.domain.CarrierPromotionAdded;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;

import static dev.chorus.launcher.Shop.order;
import static dev.chorus.launcher.Shop.product;
import static dev.chorus.launcher.Shop.sku;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every command route of every context, over HTTP against one node from the jar: a command sent again with its
 * {@code Idempotency-Key} is answered with the first answer's status and the same bytes, and its context's log
 * holds its one append; the key with another body is {@code 422 idempotency-key-reused} and appends nothing.
 */
class IdempotencyHttpIT {

  private static final String WAIT = "wait=20";

  @TempDir
  static Path work;
  private static LocalCluster cluster;
  private static NodeProcess node;
  private static Shop shop;
  private static DatabaseUrl database;

  @BeforeAll
  static void start() {
    cluster = new LocalCluster(work);
    node = cluster.start("a", "customers,promotions,inventory,payments,orders,shipping,pricing");
    shop = new Shop(node);
    database = cluster.database();
  }

  @AfterAll
  static void stop() throws Exception {
    cluster.close();
  }

  /**
   * A command sent with a key.
   *
   * @param path      where it is posted
   * @param body      the command
   * @param otherBody another command for the same subject, to send with the same key
   * @param prefer    the {@code Prefer} header, or {@code null}
   * @param status    its answer's status
   * @param appended  how its append shows in the log
   */
  private record Keyed(String path, JsonObject body, JsonObject otherBody, String prefer, int status, Appended appended) {
  }

  /**
   * The events of one type, in one context's log, for one subject: none before the test's command.
   *
   * @param field the payload field that names the subject
   */
  private record Appended(String context, String type, String field, String subject) {
  }

  /** What happens to the command's subject between the first attempt and the retry. */
  private interface Meanwhile {
    void happen() throws Exception;
  }

  @Test
  @DisplayName("POST /customers again with its key: the same 201 and customer, one CustomerRegistered; another body: 422")
  void registration() throws Exception {
    String email = "ann-" + UUID.randomUUID() + "@example.com";
    assertIdempotent(new Keyed("/customers", new JsonObject().put("email", email).put("name", "Ann"),
      new JsonObject().put("email", email).put("name", "Another Ann"), null, 201,
      new Appended("customers", CustomerRegistered.TYPE, "email", email)), () -> { });
  }

  @Test
  @DisplayName("POST /inventory/products again with its key: the same 201 and product as added, though it was restocked since;"
    + " one ProductAdded; another body: 422")
  void productAdded() throws Exception {
    String sku = sku();
    assertIdempotent(new Keyed("/inventory/products", product(sku, 250, 7), product(sku, 300, 7), null, 201,
      new Appended("inventory", ProductAdded.TYPE, "sku", sku)), () -> restock(sku, 5));
  }

  @Test
  @DisplayName("POST /inventory/products/{sku}/restock again with its key: the same 200 and levels, though another restock came"
    + " since; one keyed ProductRestocked; another quantity: 422")
  void restocked() throws Exception {
    String sku = sku();
    assertThat(shop.post("/inventory/products", product(sku, 250, 7), null, null).statusCode()).isEqualTo(201);
    assertIdempotent(new Keyed("/inventory/products/" + sku + "/restock", new JsonObject().put("quantity", 3),
      new JsonObject().put("quantity", 4), null, 200,
      new Appended("inventory", ProductRestocked.TYPE, "sku", sku)), () -> restock(sku, 10));
  }

  @Test
  @DisplayName("POST /payments/wallets/{id}/deposits again with its key: the same 200 and balance, though another deposit came"
    + " since; one keyed Deposited; another amount: 422")
  void deposited() throws Exception {
    String customer = UUID.randomUUID().toString();
    String path = "/payments/wallets/" + customer + "/deposits";
    assertIdempotent(new Keyed(path, new JsonObject().put("amount", 700), new JsonObject().put("amount", 701), null, 200,
      new Appended("payments", Deposited.TYPE, "customerId", customer)),
      () -> assertThat(shop.post(path, new JsonObject().put("amount", 50), null, null).statusCode()).isEqualTo(200));
  }

  @Test
  @DisplayName("POST /orders with Prefer: wait again with its key: the same 201 and outcome, though the stock is gone;"
    + " one OrderPlaced; another body: 422")
  void orderAwaited() throws Exception {
    String sku = shop.stockedProduct(100, 3);
    String customer = shop.fundedCustomer(1_000);
    HttpResponse<String> first = assertIdempotent(new Keyed("/orders", order(customer, sku, 3), order(customer, sku, 1), WAIT, 201,
      new Appended("orders", OrderPlaced.TYPE, "customerId", customer)), () -> { });
    assertThat(new JsonObject(first.body()).getString("status")).isEqualTo("CONFIRMED");
  }

  @Test
  @DisplayName("POST /orders without waiting again with its key: the same 202 and id, one OrderPlaced; another body: 422")
  void orderPending() throws Exception {
    String sku = shop.stockedProduct(100, 3);
    String customer = shop.fundedCustomer(1_000);
    assertIdempotent(new Keyed("/orders", order(customer, sku, 1), order(customer, sku, 2), null, 202,
      new Appended("orders", OrderPlaced.TYPE, "customerId", customer)), () -> { });
  }

  @Test
  @DisplayName("POST /shipping/carrier-promotions again with its key: the same 201 and promotion id, one CarrierPromotionAdded;"
    + " another body: 422")
  void carrierPromotion() throws Exception {
    String carrier = "carrier-" + UUID.randomUUID();
    assertIdempotent(new Keyed("/shipping/carrier-promotions", promotion(carrier, 5), promotion(carrier, 6), null, 201,
      new Appended("shipping", CarrierPromotionAdded.TYPE, "carrier", carrier)), () -> { });
  }

  /**
   * Sends the command with a fresh key (one append), lets {@code meanwhile} happen, sends it again (the same answer, no
   * append), then sends the other body with the key (422, no append); returns the first answer.
   */
  private static HttpResponse<String> assertIdempotent(Keyed command, Meanwhile meanwhile) throws Exception {
    String key = "key-" + UUID.randomUUID();
    HttpResponse<String> first = shop.post(command.path(), command.body(), command.prefer(), key);
    assertThat(first.statusCode()).as(first.body()).isEqualTo(command.status());
    assertThat(first.headers().firstValue("Idempotent-Replayed")).contains("false");
    assertThat(appends(command.appended())).as("appends of the command").isEqualTo(1);
    meanwhile.happen();
    long beforeRetry = appends(command.appended());

    HttpResponse<String> again = shop.post(command.path(), command.body(), command.prefer(), key);
    assertThat(again.statusCode()).as(again.body()).isEqualTo(first.statusCode());
    assertThat(again.body()).as("byte for byte").isEqualTo(first.body());
    assertThat(again.headers().firstValue("Location")).isEqualTo(first.headers().firstValue("Location"));
    assertThat(again.headers().firstValue("Idempotent-Replayed")).contains("true");
    assertThat(appends(command.appended())).as("appends of the retry").isEqualTo(beforeRetry);

    HttpResponse<String> reused = shop.post(command.path(), command.otherBody(), command.prefer(), key);
    assertThat(reused.statusCode()).as(reused.body()).isEqualTo(422);
    assertThat(reused.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    assertThat(new JsonObject(reused.body()).getString("type")).endsWith("/idempotency-key-reused");
    assertThat(appends(command.appended())).as("appends of the reused key").isEqualTo(beforeRetry);
    return first;
  }

  private static long appends(Appended appended) throws Exception {
    String count = "select count(*) from " + appended.context() + ".events where type = ? and payload->>? = ?";
    try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.jdbcProperties());
         PreparedStatement query = connection.prepareStatement(count)) {
      query.setString(1, appended.type());
      query.setString(2, appended.field());
      query.setString(3, appended.subject());
      try (ResultSet rows = query.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  private static void restock(String sku, long quantity) throws Exception {
    assertThat(shop.post("/inventory/products/" + sku + "/restock", new JsonObject().put("quantity", quantity), null, null).statusCode())
      .isEqualTo(200);
  }

  /** A promotion in a region of its own, so that no other order ships with it. */
  private static JsonObject promotion(String carrier, int discountPercent) {
    return new JsonObject().put("carrier", carrier).put("region", "region-of-" + carrier).put("discountPercent", discountPercent)
      .put("until", "2099-01-01T00:00:00Z");
  }

}
