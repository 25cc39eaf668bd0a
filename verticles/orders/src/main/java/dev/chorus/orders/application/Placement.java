package dev.chorus.orders.application;

import dev.chorus.platform.command.RequestDigest;

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

  String digest() {
    StringBuilder text = new StringBuilder(customerId.toString());
    lines.forEach(line -> text.append('\n').append(line.sku()).append(' ').append(line.quantity()));
    return RequestDigest.of(text.toString());
  }
}
