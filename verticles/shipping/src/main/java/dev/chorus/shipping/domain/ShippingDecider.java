package dev.chorus.shipping.domain;

import dev.chorus.contracts.shipping.ShipmentScheduled;
import dev.chorus.platform.decider.Decider;
import dev.chorus.platform.decider.Decision;

import java.util.UUID;

/** One shipment per order, one promotion per id: asked again, the answer is nothing. */
public final class ShippingDecider implements Decider<ShippingCommand, Record, Boolean> {

  /** Whether the stream's thing exists yet. */
  @Override
  public Boolean initialState() {
    return false;
  }

  @Override
  public Decision<Record> decide(ShippingCommand command, Boolean exists) {
    if (exists) {
      return Decision.accept();
    }
    if (command instanceof ShippingCommand.AddCarrierPromotion add) {
      return Decision.accept(new CarrierPromotionAdded(add.id(), add.carrier(), add.region(), add.discountPercent(), add.until()));
    }
    if (command instanceof ShippingCommand.ScheduleShipment schedule) {
      return Decision.accept(new ShipmentScheduled(schedule.orderId(), schedule.customerId(), schedule.carrier(), schedule.region(), schedule.at()));
    }
    throw new IllegalArgumentException("a shipping command this decider does not know: " + command);
  }

  @Override
  public Boolean evolve(Boolean exists, Record event) {
    return true;
  }

  public static String shipment(UUID orderId) {
    return "shipment-" + orderId;
  }

  public static String promotion(UUID id) {
    return "carrier-promotion-" + id;
  }
}
