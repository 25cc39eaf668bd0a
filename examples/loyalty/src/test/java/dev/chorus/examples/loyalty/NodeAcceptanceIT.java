package dev.chorus.examples.loyalty;

import dev.chorus.testkit.Poll;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Against a running node that hosts this context beside the built-in ones ({@code -Dchorus.node=http://host:port}):
 * an order placed and confirmed through the node's HTTP earns its customer points.
 */
@EnabledIfSystemProperty(named = "chorus.node", matches = ".+")
class NodeAcceptanceIT {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private final String node = System.getProperty("chorus.node");

  @Test
  @DisplayName("a confirmed order of 2 × 1,234 earns 24 points")
  void confirmedOrderEarnsPoints() throws Exception {
    assertThat(new JsonObject(send("GET", "/cluster", null, Map.of()).body()).encode()).contains("\"loyalty\"");
    String sku = "loyalty-" + UUID.randomUUID().toString().substring(0, 8);
    String customer = new JsonObject(expect(201, "POST", "/customers",
      new JsonObject().put("email", sku + "@example.com").put("name", "Ann"))).getString("id");
    expect(200, "POST", "/payments/wallets/" + customer + "/deposits", new JsonObject().put("amount", 10_000));
    expect(201, "POST", "/inventory/products", new JsonObject().put("sku", sku).put("name", "Tea").put("price", 1_234).put("stock", 5));
    JsonObject order = new JsonObject().put("customerId", customer)
      .put("lines", new JsonArray().add(new JsonObject().put("sku", sku).put("quantity", 2)));

    String[] status = {""};
    Poll.until(Duration.ofSeconds(30), () -> {
      HttpResponse<String> placed = send("POST", "/orders", order, Map.of("Prefer", "wait=10"));
      status[0] = placed.statusCode() + " " + placed.body();
      return placed.statusCode() < 300 && "CONFIRMED".equals(new JsonObject(placed.body()).getString("status"));
    }, () -> "no order was confirmed; last answer: " + status[0]);

    Poll.until(Duration.ofSeconds(30), () -> new JsonObject(send("GET", "/loyalty/customers/" + customer, null, Map.of()).body())
      .getLong("points") == 24, () -> "the customer never had 24 points");
  }

  private String expect(int status, String method, String path, JsonObject body) throws IOException, InterruptedException {
    HttpResponse<String> response = send(method, path, body, Map.of());
    assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(status);
    return response.body();
  }

  private HttpResponse<String> send(String method, String path, JsonObject body, Map<String, String> headers)
    throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(node + path)).timeout(Duration.ofSeconds(15))
      .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.encode()));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    headers.forEach(request::header);
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
