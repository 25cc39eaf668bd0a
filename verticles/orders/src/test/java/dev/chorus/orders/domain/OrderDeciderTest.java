package dev.chorus.orders.domain;

import dev.chorus.contracts.orders.OrderCancelled;
import dev.chorus.contracts.orders.OrderConfirmed;
import dev.chorus.contracts.orders.OrderEvent;
import dev.chorus.contracts.orders.OrderLine;
import dev.chorus.contracts.orders.OrderPlaced;
import dev.chorus.contracts.orders.OrderRejected;
import dev.chorus.contracts.orders.PaymentRequested;
import dev.chorus.testkit.DeciderSpec;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class OrderDeciderTest {

  private static final Instant NOW = Instant.parse("2026-11-22T09:00:00Z");
  private static final UUID ORDER = UUID.fromString("0b6f3a4e-8a51-4b3c-9d2e-5f6a7b8c9d01");
  private static final UUID CUSTOMER = UUID.fromString("5c1d2e3f-4a5b-4c6d-8e7f-901a2b3c4d01");
  private static final List<OrderLine> LINES = List.of(new OrderLine("mug", 2, 1_500), new OrderLine("tea", 1, 700));
  private static final OrderPlaced PLACED = new OrderPlaced(ORDER, CUSTOMER, LINES, 3_700, "default", NOW);
  private static final PaymentRequested REQUESTED = new PaymentRequested(ORDER, CUSTOMER, 3_700);

  private DeciderSpec<OrderCommand, OrderEvent, Order> spec() {
    return DeciderSpec.of(new OrderDecider());
  }

  @Test
  @DisplayName("placing an order totals its lines at the prices placed")
  void places() {
    var then = spec().when(new OrderCommand.Place(ORDER, CUSTOMER, LINES, "default", NOW)).then(PLACED);
    assertThat(then.state().status()).isEqualTo(Order.Status.PENDING);
  }

  @Test
  @DisplayName("placed → stock reserved asks for payment → payment captured confirms")
  void happyPath() {
    spec().given(PLACED).when(new OrderCommand.StockReserved(NOW)).then(REQUESTED);
    var then = spec().given(PLACED, REQUESTED).when(new OrderCommand.PaymentCaptured(NOW))
      .then(new OrderConfirmed(ORDER, CUSTOMER, LINES, 3_700, "default", NOW));
    assertThat(then.state().status()).isEqualTo(Order.Status.CONFIRMED);
  }

  @Test
  @DisplayName("a stock or payment failure rejects the order with the reason")
  void rejects() {
    spec().given(PLACED).when(new OrderCommand.StockRejected("out of stock: mug", NOW))
      .then(new OrderRejected(ORDER, "out of stock: mug", NOW));
    spec().given(PLACED, REQUESTED).when(new OrderCommand.PaymentDeclined("insufficient funds", NOW))
      .then(new OrderRejected(ORDER, "insufficient funds", NOW));
  }

  @Test
  @DisplayName("the deadline cancels an order that is not final, at any step")
  void cancels() {
    spec().given(PLACED).when(new OrderCommand.Cancel("deadline", NOW)).then(new OrderCancelled(ORDER, "deadline", NOW));
    spec().given(PLACED, REQUESTED).when(new OrderCommand.Cancel("deadline", NOW)).then(new OrderCancelled(ORDER, "deadline", NOW));
  }

  @Test
  @DisplayName("once final, late reports and the deadline change nothing")
  void finalIsFinal() {
    OrderCancelled cancelled = new OrderCancelled(ORDER, "deadline", NOW);
    spec().given(PLACED, REQUESTED, cancelled).when(new OrderCommand.PaymentCaptured(NOW)).thenNothing();
    spec().given(PLACED, cancelled).when(new OrderCommand.StockReserved(NOW)).thenNothing();
    spec().given(PLACED, REQUESTED, new OrderConfirmed(ORDER, CUSTOMER, LINES, 3_700, "default", NOW))
      .when(new OrderCommand.Cancel("deadline", NOW)).thenNothing();
  }

  @Test
  @DisplayName("reports repeated or out of step change nothing; placing twice places once")
  void idempotent() {
    spec().given(PLACED, REQUESTED).when(new OrderCommand.StockReserved(NOW)).thenNothing();
    spec().given(PLACED).when(new OrderCommand.PaymentCaptured(NOW)).thenNothing();
    spec().given(PLACED).when(new OrderCommand.Place(ORDER, CUSTOMER, LINES, "default", NOW)).thenNothing();
  }

  @Test
  @DisplayName("reports about an order that was never placed are refused")
  void unknownOrder() {
    spec().when(new OrderCommand.StockReserved(NOW)).thenRejected("unknown-order");
  }
}
