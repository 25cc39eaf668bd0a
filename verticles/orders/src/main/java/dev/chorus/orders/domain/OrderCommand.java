package dev.chorus.orders.domain;

import dev.chorus.contracts.orders.OrderLine;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What can happen to an order: its placement, and the outcomes reported by other contexts. */
public sealed interface OrderCommand {

  record Place(UUID orderId, UUID customerId, List<OrderLine> lines, String region, Instant at) implements OrderCommand {
  }

  record StockReserved(Instant at) implements OrderCommand {
  }

  record StockRejected(String reason, Instant at) implements OrderCommand {
  }

  record PaymentCaptured(Instant at) implements OrderCommand {
  }

  record PaymentDeclined(String reason, Instant at) implements OrderCommand {
  }

  /** The deadline passed. */
  record Cancel(String reason, Instant at) implements OrderCommand {
  }
}
