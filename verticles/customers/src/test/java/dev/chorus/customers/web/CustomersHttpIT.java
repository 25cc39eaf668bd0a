package dev.chorus.customers.web;

import dev.chorus.customers.application.CustomersContext;
import dev.chorus.testkit.ContextHarness;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The customers context over HTTP, against a real PostgreSQL. */
class CustomersHttpIT {

  @RegisterExtension
  final ContextHarness customers = new ContextHarness(new CustomersContext());

  @Test
  @DisplayName("POST /customers registers: 201, the customer, a Location that reads it back")
  void registers() {
    HttpResponse<String> created = register("{\"email\": \"Ann@Example.com\", \"name\": \"Ann Smith\"}");

    assertThat(created.statusCode()).isEqualTo(201);
    JsonObject body = new JsonObject(created.body());
    assertThat(body.getString("email")).isEqualTo("Ann@Example.com");
    assertThat(body.getString("name")).isEqualTo("Ann Smith");
    assertThat(body.getValue("invitedBy")).isNull();
    assertThat(body.getString("registeredAt")).isNotBlank();
    assertThat(created.headers().firstValue("Location")).contains("/customers/" + body.getString("id"));

    HttpResponse<String> read = customers.get("/customers/" + body.getString("id"));
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(read.body())).isEqualTo(body);
    assertThat(customers.db.count("select count(*) from events where type = 'customers.CustomerRegistered.v1'")).isEqualTo(1);
  }

  @Test
  @DisplayName("an invited customer names their inviter; an unknown inviter is 422")
  void invitations() {
    String inviter = new JsonObject(register("{\"email\": \"host@example.com\", \"name\": \"Host\"}").body()).getString("id");

    HttpResponse<String> invited = register("{\"email\": \"guest@example.com\", \"name\": \"Guest\", \"invitedBy\": \"" + inviter + "\"}");
    HttpResponse<String> unknown = register("{\"email\": \"lost@example.com\", \"name\": \"Lost\", \"invitedBy\": \"" + UUID.randomUUID() + "\"}");

    assertThat(invited.statusCode()).isEqualTo(201);
    assertThat(new JsonObject(invited.body()).getString("invitedBy")).isEqualTo(inviter);
    assertProblem(unknown, 422, "unknown-inviter");
  }

  @Test
  @DisplayName("an e-mail address is registered once, whatever its case: 409")
  void emailTaken() {
    register("{\"email\": \"Ann@Example.com\", \"name\": \"Ann\"}");

    assertProblem(register("{\"email\": \"ann@EXAMPLE.com\", \"name\": \"Other Ann\"}"), 409, "email-taken");
    assertThat(customers.db.count("select count(*) from events")).isEqualTo(1);
  }

  @Test
  @DisplayName("twenty concurrent registrations of one address: exactly one wins, the others get 409")
  void concurrentRegistrationsOfOneAddress() {
    List<CompletableFuture<HttpResponse<String>>> racing = IntStream.range(0, 20)
      .mapToObj(i -> CompletableFuture.supplyAsync(() -> register("{\"email\": \"race@example.com\", \"name\": \"Racer " + i + "\"}")))
      .toList();
    List<Integer> statuses = racing.stream().map(CompletableFuture::join).map(HttpResponse::statusCode).toList();

    assertThat(statuses).containsOnlyOnce(201).containsOnly(201, 409);
    assertThat(customers.db.count("select count(*) from events")).isEqualTo(1);
    assertThat(customers.db.count("select count(*) from customers")).isEqualTo(1);
  }

  @Test
  @DisplayName("the same Idempotency-Key again: the same 201 body, nothing appended; with another body: 422")
  void idempotencyKey() {
    Map<String, String> key = Map.of("Idempotency-Key", "signup-7f3a");
    String request = "{\"email\": \"once@example.com\", \"name\": \"Once\"}";

    HttpResponse<String> first = customers.post("/customers", "application/json", request, key);
    HttpResponse<String> again = customers.post("/customers", "application/json", request, key);
    HttpResponse<String> different = customers.post("/customers", "application/json", "{\"email\": \"twice@example.com\", \"name\": \"Twice\"}", key);

    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(again.statusCode()).isEqualTo(201);
    assertThat(again.body()).isEqualTo(first.body());
    assertThat(again.headers().firstValue("Idempotent-Replayed")).contains("true");
    assertProblem(different, 422, "idempotency-key-reused");
    assertThat(customers.db.count("select count(*) from events")).isEqualTo(1);
  }

  @Test
  @DisplayName("bad input gets a problem naming the field, and writes nothing")
  void badInput() {
    assertInvalidField(register("{\"name\": \"No Mail\"}"), "email");
    assertInvalidField(register("{\"email\": \"not-an-address\", \"name\": \"X\"}"), "email");
    assertInvalidField(register("{\"email\": 42, \"name\": \"X\"}"), "email");
    assertInvalidField(register("{\"email\": \"x@example.com\"}"), "name");
    assertInvalidField(register("{\"email\": \"x@example.com\", \"name\": \"   \"}"), "name");
    assertInvalidField(register("{\"email\": \"x@example.com\", \"name\": \"" + "n".repeat(201) + "\"}"), "name");
    assertInvalidField(register("{\"email\": \"x@example.com\", \"name\": \"X\", \"invitedBy\": \"someone\"}"), "invitedBy");
    assertInvalidField(register("{\"email\": \"x@example.com\", \"name\": \"X\", \"invitedby\": null}"), "invitedby");
    assertProblem(register("{not json"), 400, "invalid-json");
    assertProblem(register("[1, 2]"), 400, "invalid-json");
    assertProblem(register(""), 400, "invalid-json");
    assertProblem(customers.post("/customers", "text/plain", "{\"email\": \"x@example.com\", \"name\": \"X\"}", Map.of()), 415, "unsupported-media-type");
    assertProblem(customers.post("/customers", null, "{\"email\": \"x@example.com\", \"name\": \"X\"}", Map.of()), 415, "unsupported-media-type");
    assertProblem(register("{\"email\": \"x@example.com\", \"name\": \"" + "n".repeat(70_000) + "\"}"), 413, "body-too-large");
    assertProblem(customers.post("/customers", "application/json", "{\"email\": \"x@example.com\", \"name\": \"X\"}",
      Map.of("Idempotency-Key", "bad key with spaces")), 400, "invalid-idempotency-key");

    assertThat(customers.db.count("select count(*) from events")).isZero();
    assertThat(customers.db.count("select count(*) from customers")).isZero();
  }

  @Test
  @DisplayName("GET /customers/{id}: 404 when unknown, 400 when the id is not a UUID")
  void reads() {
    assertProblem(customers.get("/customers/" + UUID.randomUUID()), 404, "not-found");
    assertInvalidField(customers.get("/customers/42"), "id");
  }

  private HttpResponse<String> register(String body) {
    return customers.post("/customers", "application/json", body, Map.of());
  }

  private static void assertInvalidField(HttpResponse<String> response, String field) {
    assertProblem(response, 400, "invalid-field");
    assertThat(new JsonObject(response.body()).getString("field")).isEqualTo(field);
  }

  private static void assertProblem(HttpResponse<String> response, int status, String type) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
    JsonObject problem = new JsonObject(response.body());
    assertThat(problem.getString("type")).isEqualTo("https://chorus.dev/problems/" + type);
    assertThat(problem.getInteger("status")).isEqualTo(status);
    assertThat(problem.getString("detail")).isNotBlank();
  }
}
