package dev.chorus.orders.application;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/**
 * Where a page of an order search ended: its last order's placement time and id, in the order the search sorts by.
 * Clients see it as opaque text ({@code placedAt|id}) and pass it back as {@code after}.
 */
public record OrderCursor(OffsetDateTime placedAt, UUID id) {

  /** Past any order's time, and within what the database's timestamps hold. */
  private static final int MAX_YEAR = 9999;

  /**
   * The cursor a page answered as {@code next}.
   *
   * @throws IllegalArgumentException when {@code text} is not such a cursor
   */
  public static OrderCursor parse(String text) {
    int separator = text.indexOf('|');
    if (separator < 0) {
      throw new IllegalArgumentException("no '|' between the time and the id");
    }
    OffsetDateTime placedAt;
    UUID id;
    try {
      placedAt = OffsetDateTime.parse(text.substring(0, separator));
      id = UUID.fromString(text.substring(separator + 1));
    } catch (DateTimeParseException | IllegalArgumentException e) {
      throw new IllegalArgumentException("not a time and an order id", e);
    }
    if (placedAt.getYear() < 1 || placedAt.getYear() > MAX_YEAR) {
      throw new IllegalArgumentException("a time no order was placed at");
    }
    return new OrderCursor(placedAt, id);
  }

  public String text() {
    return placedAt + "|" + id;
  }
}
