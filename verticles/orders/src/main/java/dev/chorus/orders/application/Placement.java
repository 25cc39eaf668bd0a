package dev.chorus.orders.application;

import java.util.List;
import java.util.UUID;

/**
 * An order as requested, validated in shape: 1 to {@link #MAX_LINES} lines of 1 to {@link #MAX_QUANTITY} units
 * each, so that with inventory's largest price an order's total stays far below a long's range.
 *
 * @param customerId who orders
 * @param lines      what: sku and quantity
 */
public record Placement(UUID customerId, List<Line> lines) {

  public static final int MAX_LINES = 100;
  public static final long MAX_QUANTITY = 1_000_000L;

  /** A requested line. */
  public record Line(String sku, long quantity) {
  }
}
