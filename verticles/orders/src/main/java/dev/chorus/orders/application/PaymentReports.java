package dev.chorus.orders.application;

import dev.chorus.contracts.payments.PaymentCaptured;
import dev.chorus.contracts.payments.PaymentDeclined;
import dev.chorus.contracts.payments.PaymentEvent;
import dev.chorus.orders.domain.OrderCommand;
import dev.chorus.platform.eventstore.RecordedEvent;
import dev.chorus.platform.subscription.Effects;
import dev.chorus.platform.subscription.SubscriptionHandler;
import io.vertx.core.Future;

import java.time.Clock;

/** From payments' log: each order's payment outcome, for its process. */
final class PaymentReports implements SubscriptionHandler {

  private final ProcessSteps steps;
  private final Clock clock;

  PaymentReports(ProcessSteps steps, Clock clock) {
    this.steps = steps;
    this.clock = clock;
  }

  @Override
  public Future<Effects> prepare(RecordedEvent event) {
    if (!event.type().equals(PaymentCaptured.TYPE) && !event.type().equals(PaymentDeclined.TYPE)) {
      return Future.succeededFuture(Effects.NONE);
    }
    PaymentEvent payment = OrderTypes.PAYMENTS.decode(event.type(), event.payload());
    return payment instanceof PaymentCaptured captured
      ? steps.apply(captured.orderId(), new OrderCommand.PaymentCaptured(clock.instant()), event)
      : steps.apply(((PaymentDeclined) payment).orderId(), new OrderCommand.PaymentDeclined(((PaymentDeclined) payment).reason(), clock.instant()), event);
  }
}
