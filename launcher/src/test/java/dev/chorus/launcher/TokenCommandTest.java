package dev.chorus.launcher;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenCommandTest {

  private static final String CUSTOMER = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d";

  @TempDir
  Path dataDir;

  @Test
  @DisplayName("prints a token naming the subject and role, expiring after the ttl, signed with the data directory's key")
  void printsAToken() throws Exception {
    SecretFile.readOrGenerate(NodeSecurity.defaultJwtKey(dataDir));
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    assertThat(TokenCommand.run(new PrintStream(out, true, StandardCharsets.UTF_8), "--data-dir", dataDir.toString(), "--subject", CUSTOMER,
      "--role", "customer", "--ttl", "PT2H")).isZero();

    String[] parts = out.toString(StandardCharsets.UTF_8).strip().split("\\.");
    assertThat(parts).hasSize(3);
    JsonObject claims = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    assertThat(claims.getString("sub")).isEqualTo(CUSTOMER);
    assertThat(claims.getString("role")).isEqualTo("customer");
    assertThat(claims.getLong("exp") - claims.getLong("iat")).isEqualTo(7200);
  }

  @Test
  @DisplayName("no key yet, an unknown role, a customer that is not an id, a bad ttl: refused with what to do")
  void refusals() {
    PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    String dir = dataDir.toString();
    assertThatThrownBy(() -> TokenCommand.run(out, "--data-dir", dir, "--subject", "ops", "--role", "operator"))
      .hasMessageStartingWith("no key in " + NodeSecurity.defaultJwtKey(dataDir) + ": start a node with --auth jwt");
    assertThatThrownBy(() -> TokenCommand.run(out, "--data-dir", dir, "--subject", "ops", "--role", "admin"))
      .hasMessage("token: --role must be customer or operator (got 'admin')");
    assertThatThrownBy(() -> TokenCommand.run(out, "--data-dir", dir, "--subject", "alice", "--role", "customer"))
      .hasMessage("token: a customer's --subject is its customer id, a UUID (got 'alice')");
    assertThatThrownBy(() -> TokenCommand.run(out, "--data-dir", dir, "--subject", "ops", "--role", "operator", "--ttl", "1h"))
      .hasMessageStartingWith("token: --ttl must be an ISO-8601 duration");
    assertThatThrownBy(() -> TokenCommand.run(out, "--role", "operator")).hasMessageStartingWith("token: Missing required option: '--subject=ID'");
  }
}
