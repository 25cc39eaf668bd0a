package dev.chorus.inventory.domain;

import java.util.UUID;

/** Record an order's reservation outcome. */
public sealed interface ReservationCommand {

  UUID orderId();

  /** Every line of the order is reserved. */
  record Reserved(UUID orderId) implements ReservationCommand {
  }

  /** Some line could not be: nothing is held, and the reason says which. */
  record Rejected(UUID orderId, String reason) implements ReservationCommand {
  }
}
