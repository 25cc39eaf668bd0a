package dev.chorus.orders.application;

import java.util.List;
import java.util.UUID;

/**
 * An order as requested, validated in shape.
 *
 * @param customerId who orders
 * @param lines      what: sku and quantity
 */
public record Placement(UUID customerId, List<Line> lines) {

  /** A requested line. */
  public record Line(String sku, long quantity) {
  }
}
