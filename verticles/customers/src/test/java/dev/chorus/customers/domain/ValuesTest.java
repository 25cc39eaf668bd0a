package dev.chorus.customers.domain;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ValuesTest {

  @ParameterizedTest
  @ValueSource(strings = {"a@b.co", "first.last+tag@mail.example.org", "  padded@example.com  "})
  @DisplayName("addresses with one @ and a dotted domain are accepted, trimmed")
  void validAddresses(String raw) {
    assertThat(EmailAddress.parse(raw)).isNotNull();
    assertThat(EmailAddress.parse(raw).value()).isEqualTo(raw.trim());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "plain", "a@b", "a@@b.com", "a b@c.com", "@b.com", "a@.com", "a@b."})
  @DisplayName("anything else is not an address")
  void invalidAddresses(String raw) {
    assertThat(EmailAddress.parse(raw)).isNull();
  }

  @Test
  @DisplayName("addresses compare case-insensitively; over 254 characters is too long")
  void keysAndLength() {
    assertThat(new EmailAddress("Ann@Example.COM").key()).isEqualTo("ann@example.com");
    assertThat(EmailAddress.parse("a".repeat(250) + "@b.com")).isNull();
  }

  @Test
  @DisplayName("a name is 1 to 200 characters after trimming")
  void names() {
    assertThat(CustomerName.parse("  Ann  ").value()).isEqualTo("Ann");
    assertThat(CustomerName.parse("   ")).isNull();
    assertThat(CustomerName.parse("x".repeat(200))).isNotNull();
    assertThat(CustomerName.parse("x".repeat(201))).isNull();
    assertThat(CustomerName.parse("😀".repeat(200))).as("counted in characters, not UTF-16 units").isNotNull();
  }
}
