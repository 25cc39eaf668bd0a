package dev.chorus.inventory.domain;

import dev.chorus.contracts.inventory.InventoryEvent;
import dev.chorus.contracts.inventory.OrderStockReserved;
import dev.chorus.contracts.inventory.StockReservationFailed;
import dev.chorus.testkit.DeciderSpec;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.UUID;

class ReservationDeciderTest {

  private static final UUID ORDER = UUID.fromString("0b6f3a4e-8a51-4b3c-9d2e-5f6a7b8c9d01");

  private final DeciderSpec<ReservationCommand, InventoryEvent, ReservationDecider.Outcome> spec = DeciderSpec.of(new ReservationDecider());

  @Test
  @DisplayName("an order's reservation outcome is published once")
  void decidesOnce() {
    spec.when(new ReservationCommand.Reserved(ORDER)).then(new OrderStockReserved(ORDER));
    DeciderSpec.of(new ReservationDecider()).given(new OrderStockReserved(ORDER))
      .when(new ReservationCommand.Rejected(ORDER, "out of stock: mug")).thenNothing();
  }

  @Test
  @DisplayName("a failed reservation says why, and stays failed")
  void failsWithReason() {
    spec.when(new ReservationCommand.Rejected(ORDER, "out of stock: mug has 0, 1 wanted"))
      .then(new StockReservationFailed(ORDER, "out of stock: mug has 0, 1 wanted"));
    DeciderSpec.of(new ReservationDecider()).given(new StockReservationFailed(ORDER, "out of stock"))
      .when(new ReservationCommand.Reserved(ORDER)).thenNothing();
  }
}
