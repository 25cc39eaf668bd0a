package dev.chorus.orders.application;

import dev.chorus.contracts.inventory.InventoryEvent;
import dev.chorus.contracts.inventory.OrderStockReserved;
import dev.chorus.contracts.inventory.ProductAdded;
import dev.chorus.contracts.inventory.StockEvent;
import dev.chorus.contracts.inventory.StockReservationFailed;
import dev.chorus.contracts.orders.OrderConfirmed;
import dev.chorus.contracts.orders.OrderEvent;
import dev.chorus.contracts.orders.OrderPlaced;
import dev.chorus.contracts.orders.OrderRejected;
import dev.chorus.contracts.orders.PaymentRequested;
import dev.chorus.contracts.payments.PaymentCaptured;
import dev.chorus.contracts.payments.PaymentEvent;
import dev.chorus.testkit.ContextHarness;
import dev.chorus.testkit.ContextHarness.Appended;
import dev.chorus.testkit.Poll;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Given inventory's and payments' reports, orders moves each order through its process, in the order's conversation. */
class OrderProcessIT {

  @RegisterExtension
  final ContextHarness orders = new ContextHarness(new OrdersContext(), "inventory", "payments");
  private final UUID customer = UUID.randomUUID();

  @BeforeEach
  void catalogue() {
    orders.publish("inventory", StockEvent.TYPES, "product-tea", new ProductAdded("tea", "Tea", 250, 10, 0, Instant.now()));
    Poll.until(Duration.ofSeconds(30), () -> orders.db.count("select count(*) from catalogue where sku = 'tea'") == 1,
      () -> "the catalogue never heard of tea");
  }

  @Test
  @DisplayName("stock reserved, then payment captured: a payment request, then the confirmation, each caused by the report")
  void reservedThenPaid() {
    Appended<OrderPlaced> placed = place(2);
    UUID order = placed.event().orderId();
    UUID conversation = placed.correlationId();

    UUID reservation = orders.publish("inventory", InventoryEvent.RESERVATION_TYPES, "reservation-" + order, new OrderStockReserved(order), conversation);
    Appended<PaymentRequested> requested = orders.awaitAppended(OrderEvent.TYPES, PaymentRequested.class, 1).get(0);
    assertThat(requested.event()).isEqualTo(new PaymentRequested(order, customer, 500));
    assertThat(requested.correlationId()).isEqualTo(conversation);
    assertThat(requested.causationId()).contains(reservation);

    UUID payment = orders.publish("payments", PaymentEvent.TYPES, "wallet-" + customer,
      new PaymentCaptured(customer, order, 500, 0, Instant.now()), conversation);
    Appended<OrderConfirmed> confirmed = orders.awaitAppended(OrderEvent.TYPES, OrderConfirmed.class, 1).get(0);
    assertThat(confirmed.event().orderId()).isEqualTo(order);
    assertThat(confirmed.event().total()).isEqualTo(500);
    assertThat(confirmed.correlationId()).isEqualTo(conversation);
    assertThat(confirmed.causationId()).contains(payment);
    assertThat(new JsonObject(orders.get("/orders/" + order).body()).getString("status")).isEqualTo("CONFIRMED");
  }

  @Test
  @DisplayName("stock that falls short rejects the order with inventory's reason, and asks for no payment")
  void stockShortfall() {
    UUID order = place(3).event().orderId();

    orders.publish("inventory", InventoryEvent.RESERVATION_TYPES, "reservation-" + order, new StockReservationFailed(order, "tea: 1 available"));

    OrderRejected rejected = orders.awaitAppended(OrderEvent.TYPES, OrderRejected.class, 1).get(0).event();
    assertThat(rejected.orderId()).isEqualTo(order);
    assertThat(rejected.reason()).contains("tea: 1 available");
    assertThat(orders.db.count("select count(*) from events where type = 'orders.PaymentRequested.v1'")).isZero();
    assertThat(new JsonObject(orders.get("/orders/" + order).body()).getString("status")).isEqualTo("REJECTED");
  }

  private Appended<OrderPlaced> place(int quantity) {
    JsonObject body = new JsonObject().put("customerId", customer.toString())
      .put("lines", new JsonArray().add(new JsonObject().put("sku", "tea").put("quantity", quantity)));
    assertThat(orders.postJson("/orders", body).statusCode()).isBetween(200, 202);
    return orders.awaitAppended(OrderEvent.TYPES, OrderPlaced.class, 1).get(0);
  }
}
