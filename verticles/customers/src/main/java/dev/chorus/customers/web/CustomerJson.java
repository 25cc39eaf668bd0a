package dev.chorus.customers.web;

import dev.chorus.customers.application.CustomerView;
import io.vertx.core.json.JsonObject;

/** A customer's JSON shape, the same for registration answers and reads. */
final class CustomerJson {

  private CustomerJson() {
  }

  static JsonObject of(CustomerView customer) {
    return new JsonObject()
      .put("id", customer.id().toString())
      .put("email", customer.email())
      .put("name", customer.name())
      .put("invitedBy", customer.invitedBy() == null ? null : customer.invitedBy().toString())
      .put("registeredAt", customer.registeredAt().toString());
  }
}
