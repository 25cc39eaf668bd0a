package dev.chorus.payments.application;

import dev.chorus.contracts.orders.OrderCancelled;
import dev.chorus.contracts.orders.OrderEvent;
import dev.chorus.contracts.orders.OrderRejected;
import dev.chorus.contracts.orders.PaymentRequested;
import dev.chorus.contracts.payments.PaymentCaptured;
import dev.chorus.contracts.payments.PaymentDeclined;
import dev.chorus.contracts.payments.PaymentEvent;
import dev.chorus.contracts.payments.PaymentRefunded;
import dev.chorus.testkit.ContextHarness;
import dev.chorus.testkit.ContextHarness.Appended;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Given orders' payment requests and endings, payments captures from the customer's wallet and refunds. */
class OrderPaymentPolicyIT {

  @RegisterExtension
  final ContextHarness payments = new ContextHarness(new PaymentsContext(), "orders");

  @Test
  @DisplayName("a payment request is captured from the wallet; the order cancelled after it, the capture is refunded")
  void captureThenRefund() {
    UUID customer = UUID.randomUUID();
    UUID order = UUID.randomUUID();
    UUID conversation = UUID.randomUUID();
    deposit(customer, 1_000);

    UUID request = payments.publish("orders", OrderEvent.TYPES, "order-" + order, new PaymentRequested(order, customer, 300), conversation);

    Appended<PaymentCaptured> captured = payments.awaitAppended(PaymentEvent.TYPES, PaymentCaptured.class, 1).get(0);
    assertThat(captured.event().orderId()).isEqualTo(order);
    assertThat(captured.event().amount()).isEqualTo(300);
    assertThat(captured.event().balance()).isEqualTo(700);
    assertThat(captured.correlationId()).isEqualTo(conversation);
    assertThat(captured.causationId()).contains(request);

    UUID cancellation = payments.publish("orders", OrderEvent.TYPES, "order-" + order, new OrderCancelled(order, "deadline", Instant.now()), conversation);

    Appended<PaymentRefunded> refunded = payments.awaitAppended(PaymentEvent.TYPES, PaymentRefunded.class, 1).get(0);
    assertThat(refunded.event().amount()).isEqualTo(300);
    assertThat(refunded.event().balance()).isEqualTo(1_000);
    assertThat(refunded.causationId()).contains(cancellation);
    assertThat(new JsonObject(payments.get("/payments/wallets/" + customer).body()).getLong("balance")).isEqualTo(1_000);
  }

  @Test
  @DisplayName("a request above the balance is declined; an order rejected without a capture refunds nothing")
  void declinedAndNothingToRefund() {
    UUID customer = UUID.randomUUID();
    UUID order = UUID.randomUUID();
    deposit(customer, 100);

    payments.publish("orders", OrderEvent.TYPES, "order-" + order, new PaymentRequested(order, customer, 300));
    payments.publish("orders", OrderEvent.TYPES, "order-" + order, new OrderRejected(order, "payment declined", Instant.now()));
    UUID later = UUID.randomUUID();
    payments.publish("orders", OrderEvent.TYPES, "order-" + order, new PaymentRequested(later, customer, 50));

    // The later capture means the order's stream was read past the rejection (a stream is read in order).
    assertThat(payments.awaitAppended(PaymentEvent.TYPES, PaymentCaptured.class, 1).get(0).event().orderId()).isEqualTo(later);
    Appended<PaymentDeclined> declined = payments.awaitAppended(PaymentEvent.TYPES, PaymentDeclined.class, 1).get(0);
    assertThat(declined.event().orderId()).isEqualTo(order);
    assertThat(payments.db.count("select count(*) from events where type = 'payments.PaymentRefunded.v1'")).isZero();
  }

  private void deposit(UUID customer, long amount) {
    assertThat(payments.postJson("/payments/wallets/" + customer + "/deposits", new JsonObject().put("amount", amount)).statusCode())
      .isEqualTo(200);
  }
}
