package dev.chorus.inventory.domain;

import dev.chorus.contracts.inventory.InventoryEvent;
import dev.chorus.contracts.inventory.StockReservationFailed;
import dev.chorus.contracts.inventory.OrderStockReserved;
import dev.chorus.platform.decider.Decider;
import dev.chorus.platform.decider.Decision;

import java.util.UUID;

/** Each order's reservation outcome, published once: reserved, or rejected with nothing held. */
public final class Reservation implements Decider<Reservation.Command, InventoryEvent, Reservation.Outcome> {

  /** The outcome so far. */
  public enum Outcome { UNDECIDED, RESERVED, REJECTED }

  /** Record the outcome. */
  public sealed interface Command {
    UUID orderId();
  }

  public record Reserved(UUID orderId) implements Command {
  }

  public record Rejected(UUID orderId, String reason) implements Command {
  }

  public static String stream(UUID orderId) {
    return "inventory-order-" + orderId;
  }

  @Override
  public Outcome initialState() {
    return Outcome.UNDECIDED;
  }

  @Override
  public Decision<InventoryEvent> decide(Command command, Outcome outcome) {
    if (outcome != Outcome.UNDECIDED) {
      return Decision.accept();
    }
    return command instanceof Rejected rejected
      ? Decision.accept(new StockReservationFailed(rejected.orderId(), rejected.reason()))
      : Decision.accept(new OrderStockReserved(command.orderId()));
  }

  @Override
  public Outcome evolve(Outcome outcome, InventoryEvent event) {
    return event instanceof OrderStockReserved ? Outcome.RESERVED : Outcome.REJECTED;
  }
}
