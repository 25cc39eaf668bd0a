package dev.chorus.inventory.application;

import dev.chorus.contracts.inventory.InventoryEvent;
import dev.chorus.contracts.inventory.OrderStockReserved;
import dev.chorus.contracts.inventory.StockCommitted;
import dev.chorus.contracts.inventory.StockEvent;
import dev.chorus.contracts.inventory.StockReleased;
import dev.chorus.contracts.inventory.StockReservationFailed;
import dev.chorus.contracts.inventory.StockReserved;
import dev.chorus.contracts.orders.OrderCancelled;
import dev.chorus.contracts.orders.OrderConfirmed;
import dev.chorus.contracts.orders.OrderEvent;
import dev.chorus.contracts.orders.OrderLine;
import dev.chorus.contracts.orders.OrderPlaced;
import dev.chorus.testkit.ContextHarness;
import dev.chorus.testkit.ContextHarness.Appended;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** Given orders placed, confirmed and cancelled in the orders' log, inventory reserves, commits and releases stock. */
class OrderStockPolicyIT {

  private static final Map<String, Class<?>> INVENTORY = new HashMap<>(StockEvent.TYPES);

  static {
    INVENTORY.putAll(InventoryEvent.RESERVATION_TYPES);
  }

  @RegisterExtension
  final ContextHarness inventory = new ContextHarness(new InventoryContext(), "orders");

  @Test
  @DisplayName("a placed order reserves every line and says so; confirmed, its stock is committed, all in the order's conversation")
  void reserveThenCommit() {
    addProduct("tea", 10);
    addProduct("cup", 5);
    UUID order = UUID.randomUUID();
    UUID conversation = UUID.randomUUID();

    UUID placement = inventory.publish("orders", OrderEvent.TYPES, "order-" + order,
      placed(order, new OrderLine("tea", 3, 100), new OrderLine("cup", 2, 50), new OrderLine("tea", 1, 100)), conversation);

    Appended<OrderStockReserved> reserved = inventory.awaitAppended(INVENTORY, OrderStockReserved.class, 1).get(0);
    assertThat(reserved.event().orderId()).isEqualTo(order);
    assertThat(reserved.correlationId()).isEqualTo(conversation);
    assertThat(reserved.causationId()).contains(placement);
    assertThat(inventory.awaitAppended(INVENTORY, StockReserved.class, 2)).extracting(Appended::event)
      .extracting(StockReserved::sku, StockReserved::quantity).containsExactlyInAnyOrder(
        tuple("tea", 4L), tuple("cup", 2L));

    inventory.publish("orders", OrderEvent.TYPES, "order-" + order,
      new OrderConfirmed(order, UUID.randomUUID(), List.of(new OrderLine("tea", 4, 100), new OrderLine("cup", 2, 50)), 500, "north", Instant.now()),
      conversation);

    List<Appended<StockCommitted>> committed = inventory.awaitAppended(INVENTORY, StockCommitted.class, 2);
    assertThat(committed).allSatisfy(commit -> assertThat(commit.correlationId()).isEqualTo(conversation));
    assertThat(available("tea")).isEqualTo(6);
    assertThat(available("cup")).isEqualTo(3);
  }

  @Test
  @DisplayName("an order that one product cannot serve reserves nothing and fails with that product named; a cancelled one is released")
  void shortfallAndRelease() {
    addProduct("tea", 10);
    addProduct("cup", 1);
    UUID tooMuch = UUID.randomUUID();
    UUID cancelled = UUID.randomUUID();

    inventory.publish("orders", OrderEvent.TYPES, "order-" + tooMuch, placed(tooMuch, new OrderLine("tea", 2, 100), new OrderLine("cup", 3, 50)));
    StockReservationFailed failed = inventory.awaitAppended(INVENTORY, StockReservationFailed.class, 1).get(0).event();
    assertThat(failed.orderId()).isEqualTo(tooMuch);
    assertThat(failed.reason()).contains("cup");

    inventory.publish("orders", OrderEvent.TYPES, "order-" + cancelled, placed(cancelled, new OrderLine("tea", 7, 100)));
    inventory.awaitAppended(INVENTORY, OrderStockReserved.class, 1);
    inventory.publish("orders", OrderEvent.TYPES, "order-" + cancelled, new OrderCancelled(cancelled, "deadline", Instant.now()));

    StockReleased released = inventory.awaitAppended(INVENTORY, StockReleased.class, 1).get(0).event();
    assertThat(released.orderId()).isEqualTo(cancelled);
    assertThat(released.quantity()).isEqualTo(7);
    assertThat(available("tea")).isEqualTo(10);
    assertThat(inventory.db.count("select count(*) from events where type = 'inventory.StockReserved.v1'")).isEqualTo(1);
  }

  private void addProduct(String sku, long stock) {
    JsonObject product = new JsonObject().put("sku", sku).put("name", sku).put("price", 100).put("stock", stock);
    assertThat(inventory.postJson("/inventory/products", product).statusCode()).isEqualTo(201);
  }

  private long available(String sku) {
    return new JsonObject(inventory.get("/inventory/products/" + sku).body()).getLong("available");
  }

  private static OrderPlaced placed(UUID order, OrderLine... lines) {
    long total = List.of(lines).stream().mapToLong(line -> line.quantity() * line.unitPrice()).sum();
    return new OrderPlaced(order, UUID.randomUUID(), List.of(lines), total, "north", Instant.now());
  }
}
