package dev.chorus.platform.web;

import dev.chorus.platform.access.Caller;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

  @Test
  @DisplayName("a key names one command per caller: two customers' same key are two commands, a node trusting its machine scopes by route")
  void keysBelongToTheirCaller() {
    Caller alice = new Caller(UUID.randomUUID().toString(), Caller.Role.CUSTOMER);
    Caller bob = new Caller(UUID.randomUUID().toString(), Caller.Role.CUSTOMER);

    assertThat(Idempotency.commandId("payments/deposit", Optional.of(alice), "dep-1"))
      .isEqualTo(Idempotency.commandId("payments/deposit", Optional.of(alice), "dep-1"))
      .isNotEqualTo(Idempotency.commandId("payments/deposit", Optional.of(bob), "dep-1"))
      .isNotEqualTo(Idempotency.commandId("orders/place", Optional.of(alice), "dep-1"))
      .isNotEqualTo(Idempotency.commandId("payments/deposit", Optional.of(new Caller(alice.subject(), Caller.Role.OPERATOR)), "dep-1"));
    assertThat(Idempotency.commandId("ops/x", Optional.of(new Caller("a/b", Caller.Role.OPERATOR)), "c"))
      .as("no separator makes two callers' keys one").isNotEqualTo(Idempotency.commandId("ops/x", Optional.of(new Caller("a", Caller.Role.OPERATOR)), "b/c"));
    assertThat(Idempotency.commandId("payments/deposit", Optional.of(Caller.LOCAL), "dep-1"))
      .isEqualTo(UUID.nameUUIDFromBytes("payments/deposit/dep-1".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  @DisplayName("without credentials a key must be a random UUID: anything guessable is refused, and it names its own command")
  void anonymousKeysAreRandom() {
    for (String guessable : new String[] {"signup-1", "00000000-0000-0000-0000-000000000000", "6ba7b810-9dad-11d1-80b4-00c04fd430c8"}) {
      assertThatThrownBy(() -> Idempotency.commandId("customers/register", Optional.empty(), guessable)).as(guessable)
        .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.problem().type()).isEqualTo("invalid-idempotency-key"));
    }
    String key = UUID.randomUUID().toString();
    assertThat(Idempotency.commandId("customers/register", Optional.empty(), key))
      .isNotEqualTo(Idempotency.commandId("customers/register", Optional.of(Caller.LOCAL), key));
    assertThat(Idempotency.commandId("customers/register", Optional.empty(), "0190a5e2-7c3b-7d4e-9f00-1a2b3c4d5e6f")).isNotNull();
  }

  private static String fingerprint(String path, String body) {
    return Idempotency.fingerprint("POST", path, new JsonObject(body));
  }
}
