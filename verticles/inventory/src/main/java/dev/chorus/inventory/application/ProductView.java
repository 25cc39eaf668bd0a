package dev.chorus.inventory.application;

import io.vertx.core.json.JsonObject;

/** A product as inventory shows it. */
public record ProductView(String sku, String name, long price, long initial, long restocked, long available, long reserved, long sold) {

  public JsonObject toJson() {
    return new JsonObject().put("sku", sku).put("name", name).put("price", price).put("available", available)
      .put("reserved", reserved).put("sold", sold).put("initial", initial).put("restocked", restocked);
  }
}
