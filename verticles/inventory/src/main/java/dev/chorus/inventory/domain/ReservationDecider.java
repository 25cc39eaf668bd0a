package dev.chorus.inventory.domain;

import dev.chorus.contracts.inventory.InventoryEvent;
import dev.chorus.contracts.inventory.StockReservationFailed;
import dev.chorus.contracts.inventory.OrderStockReserved;
import dev.chorus.platform.decider.Decider;
import dev.chorus.platform.decider.Decision;

import java.util.UUID;

/** Each order's reservation outcome, published once: reserved, or rejected with nothing held. */
public final class ReservationDecider implements Decider<ReservationCommand, InventoryEvent, ReservationDecider.Outcome> {

  /** The outcome so far. */
  public enum Outcome { UNDECIDED, RESERVED, REJECTED }

  public static String stream(UUID orderId) {
    return "inventory-order-" + orderId;
  }

  @Override
  public Outcome initialState() {
    return Outcome.UNDECIDED;
  }

  @Override
  public Decision<InventoryEvent> decide(ReservationCommand command, Outcome outcome) {
    if (outcome != Outcome.UNDECIDED) {
      return Decision.accept();
    }
    if (command instanceof ReservationCommand.Rejected rejected) {
      return Decision.accept(new StockReservationFailed(rejected.orderId(), rejected.reason()));
    }
    if (command instanceof ReservationCommand.Reserved reserved) {
      return Decision.accept(new OrderStockReserved(reserved.orderId()));
    }
    throw new IllegalArgumentException("a reservation command this decider does not know: " + command);
  }

  @Override
  public Outcome evolve(Outcome outcome, InventoryEvent event) {
    return event instanceof OrderStockReserved ? Outcome.RESERVED : Outcome.REJECTED;
  }
}
