package dev.chorus.platform.web;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IdempotencyTest {

  private static final String ORDER = "{\"customerId\": \"c-1\", \"lines\": [{\"sku\": \"tea\", \"quantity\": 2}, {\"sku\": \"cup\", \"quantity\": 1}]}";

  @Test
  @DisplayName("a retry is the same request whatever the order of its fields and its whitespace")
  void fieldOrderAndWhitespaceDoNotMatter() {
    String reordered = "{ \"lines\" : [ {\"quantity\":2,\"sku\":\"tea\"}, {\"quantity\":1,\"sku\":\"cup\"} ], \"customerId\":\"c-1\" }";

    assertThat(fingerprint("/orders", reordered)).isEqualTo(fingerprint("/orders", ORDER));
  }

  @Test
  @DisplayName("another value, another order of lines or another path is another request")
  void valuesLinesAndPathMatter() {
    String original = fingerprint("/orders", ORDER);

    assertThat(fingerprint("/orders", ORDER.replace("\"quantity\": 2", "\"quantity\": 3"))).isNotEqualTo(original);
    assertThat(fingerprint("/orders", "{\"customerId\": \"c-1\", \"lines\": [{\"sku\": \"cup\", \"quantity\": 1}, {\"sku\": \"tea\", \"quantity\": 2}]}"))
      .isNotEqualTo(original);
    assertThat(fingerprint("/orders/elsewhere", ORDER)).isNotEqualTo(original);
    assertThat(Idempotency.fingerprint("PUT", "/orders", new JsonObject(ORDER))).isNotEqualTo(original);
  }

  private static String fingerprint(String path, String body) {
    return Idempotency.fingerprint("POST", path, new JsonObject(body));
  }
}
