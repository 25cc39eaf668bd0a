package dev.chorus.orders.application;

import dev.chorus.contracts.payments.PaymentCaptured;
import dev.chorus.contracts.payments.PaymentDeclined;
import dev.chorus.contracts.payments.PaymentEvent;
import dev.chorus.orders.domain.OrderCommand;
import dev.chorus.platform.subscription.EventHandlers;

import java.time.Clock;

/** From payments' log: each order's payment outcome, for its process. */
final class PaymentPolicy {

  private PaymentPolicy() {
  }

  static EventHandlers<PaymentEvent> handlers(ProcessSteps steps, Clock clock) {
    return EventHandlers.following(OrderTypes.PAYMENTS)
      .on(PaymentCaptured.class, (captured, cause) ->
        steps.apply(captured.orderId(), new OrderCommand.PaymentCaptured(clock.instant()), cause))
      .on(PaymentDeclined.class, (declined, cause) ->
        steps.apply(declined.orderId(), new OrderCommand.PaymentDeclined(declined.reason(), clock.instant()), cause))
      .build();
  }
}
