package dev.chorus.launcher;

import dev.chorus.testkit.Poll;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The order flow's load, from a seeded random: products with small stock, customers with small wallets, orders of a
 * few lines, many of which must fail for stock or funds.
 */
final class OrderFlowLoad {

  static final int PARTITIONS = 16;
  private static final int SKUS = 50;
  private static final int CUSTOMERS = 200;

  private OrderFlowLoad() {
  }

  /** An order as the test placed it: its lines (sku → quantity) and customer. */
  record Placed(String customerId, Map<String, Long> lines) {
  }

  /** The orders the desk took (202), by id; the others must have been refused for stock (422). */
  static Map<String, Placed> placedOrders(Map<String, Placed> requests, List<HttpResponse<String>> answers) {
    Map<String, Placed> placed = new HashMap<>();
    List<String> keys = new ArrayList<>(requests.keySet());
    for (int i = 0; i < answers.size(); i++) {
      HttpResponse<String> answer = answers.get(i);
      if (answer.statusCode() == 422) {
        assertThat(new JsonObject(answer.body()).getString("type")).as(answer.body()).endsWith("insufficient-stock");
      } else {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        placed.put(new JsonObject(answer.body()).getString("id"), requests.get(keys.get(i)));
      }
    }
    return placed;
  }

  /** 50 products with small stock (3 to 12), prices from 1.00 to 50.00. */
  static List<String> stockProducts(Supplier<List<NodeProcess>> nodes, Random random) {
    List<ClusterClient.Post> posts = new ArrayList<>();
    List<String> skus = new ArrayList<>();
    for (int i = 0; i < SKUS; i++) {
      String sku = "sku-" + i;
      skus.add(sku);
      posts.add(new ClusterClient.Post("/inventory/products", new JsonObject().put("sku", sku).put("name", "Product " + i)
        .put("price", 100 + random.nextInt(4_900)).put("stock", 3 + random.nextInt(10)), "product-" + sku));
    }
    ClusterClient.postAll(nodes, posts, 8, new AtomicInteger())
      .forEach(answer -> assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201));
    return skus;
  }

  /** 200 customers, each with one or two deposits of up to 200.00 (some with none). */
  static List<String> fundCustomers(Supplier<List<NodeProcess>> nodes, Random random) {
    List<ClusterClient.Post> posts = new ArrayList<>();
    List<String> customers = new ArrayList<>();
    for (int i = 0; i < CUSTOMERS; i++) {
      String customer = new UUID(random.nextLong(), random.nextLong()).toString();
      customers.add(customer);
      int deposits = random.nextInt(3);
      for (int d = 0; d < deposits; d++) {
        posts.add(new ClusterClient.Post("/payments/wallets/" + customer + "/deposits",
          new JsonObject().put("amount", 1 + random.nextInt(20_000)), "deposit-" + customer + "-" + d));
      }
    }
    ClusterClient.postAll(nodes, posts, 8, new AtomicInteger())
      .forEach(answer -> assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200));
    return customers;
  }

  /** Orders validates against what it has heard from inventory: wait until it has heard everything. */
  static void awaitCatalogueKnown(NodeProcess node) {
    Poll.until(Duration.ofSeconds(30), () -> LocalCluster.caughtUp(node, PARTITIONS, "orders.inventory"),
      () -> "orders never caught up with inventory: " + LocalCluster.cluster(node));
  }

  static List<ClusterClient.Post> orderPosts(int count, List<String> skus, List<String> customers, Random random,
                                             Map<String, Placed> requests) {
    String run = UUID.randomUUID().toString().substring(0, 8);
    List<ClusterClient.Post> posts = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      posts.add(orderPost("order-" + run + "-" + i, skus, customers, random, requests));
    }
    return posts;
  }

  /** An order of one to three lines of one to three units, by a random customer, noted in {@code requests} under its key. */
  static ClusterClient.Post orderPost(String key, List<String> skus, List<String> customers, Random random, Map<String, Placed> requests) {
    String customer = customers.get(random.nextInt(customers.size()));
    Map<String, Long> lines = new LinkedHashMap<>();
    int size = 1 + random.nextInt(3);
    while (lines.size() < size) {
      lines.put(skus.get(random.nextInt(skus.size())), 1L + random.nextInt(3));
    }
    JsonArray body = new JsonArray();
    lines.forEach((sku, quantity) -> body.add(new JsonObject().put("sku", sku).put("quantity", quantity)));
    requests.put(key, new Placed(customer, lines));
    return new ClusterClient.Post("/orders", new JsonObject().put("customerId", customer).put("lines", body), key);
  }
}
