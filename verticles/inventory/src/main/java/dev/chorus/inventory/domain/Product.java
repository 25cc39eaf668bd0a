package dev.chorus.inventory.domain;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A product's stock. {@code initial + restocked = available + reserved + sold}; {@code held} is what each order
 * with a reservation holds.
 */
public record Product(String sku, String name, long price, long initial, long restocked, long available, long reserved, long sold,
                      Map<UUID, Long> held) {

  public static final Product NONE = new Product(null, null, 0, 0, 0, 0, 0, 0, Map.of());

  public Product {
    held = Map.copyOf(held);
  }

  public boolean exists() {
    return sku != null;
  }

  Product restocked(long quantity) {
    return new Product(sku, name, price, initial, restocked + quantity, available + quantity, reserved, sold, held);
  }

  Product reserved(UUID orderId, long quantity) {
    Map<UUID, Long> holding = new HashMap<>(held);
    holding.put(orderId, quantity);
    return new Product(sku, name, price, initial, restocked, available - quantity, reserved + quantity, sold, holding);
  }

  Product released(UUID orderId) {
    long quantity = held.get(orderId);
    Map<UUID, Long> holding = new HashMap<>(held);
    holding.remove(orderId);
    return new Product(sku, name, price, initial, restocked, available + quantity, reserved - quantity, sold, holding);
  }

  Product committed(UUID orderId) {
    long quantity = held.get(orderId);
    Map<UUID, Long> holding = new HashMap<>(held);
    holding.remove(orderId);
    return new Product(sku, name, price, initial, restocked, available, reserved - quantity, sold + quantity, holding);
  }
}
