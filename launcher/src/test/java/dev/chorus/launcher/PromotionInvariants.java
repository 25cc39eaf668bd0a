package dev.chorus.launcher;

import dev.chorus.testkit.Poll;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** What registrations must have led to in promotions, asked of a node over HTTP. */
final class PromotionInvariants {

  private PromotionInvariants() {
  }

  /** Polls until every customer holds exactly one welcome coupon and every inviter 100 points per invitee. */
  static void awaitConsistent(NodeProcess node, List<String> inviters, List<Registrations.Registered> registered) {
    Map<String, Set<String>> invitees = new HashMap<>();
    registered.stream().filter(r -> r.invitedBy() != null)
      .forEach(r -> invitees.computeIfAbsent(r.invitedBy(), k -> new HashSet<>()).add(r.id()));
    List<String> customers = new ArrayList<>(inviters);
    registered.forEach(r -> customers.add(r.id()));
    String[] problem = {"nothing checked yet"};
    Poll.until(Duration.ofSeconds(60), () -> {
      for (String customer : customers) {
        JsonArray coupons = new JsonArray(node.get("/promotions/customers/" + customer + "/coupons").body());
        if (coupons.size() != 1) {
          assertThat(coupons.size()).as("coupons of " + customer).isLessThanOrEqualTo(1);
          problem[0] = "no coupon yet for " + customer + " (" + customers.indexOf(customer) + " of " + customers.size() + ")";
          return false;
        }
        assertThat(coupons.getJsonObject(0).getString("kind")).isEqualTo("WELCOME");
        assertThat(coupons.getJsonObject(0).getLong("amount")).isEqualTo(500);
      }
      for (String inviter : inviters) {
        JsonObject points = node.getJson("/promotions/customers/" + inviter + "/points");
        Set<String> expected = invitees.getOrDefault(inviter, Set.of());
        Set<String> rewarded = new HashSet<>();
        points.getJsonArray("entries").forEach(e -> rewarded.add(((JsonObject) e).getString("invitee")));
        assertThat(points.getJsonArray("entries").size()).as("no entry twice").isEqualTo(rewarded.size());
        assertThat(points.getLong("balance")).as("balance matches entries").isEqualTo(100L * rewarded.size());
        if (!rewarded.equals(expected)) {
          assertThat(expected).as("no invitee rewarded that " + inviter + " did not invite").containsAll(rewarded);
          problem[0] = inviter + " rewarded for " + rewarded.size() + " of " + expected.size() + " invitees";
          return false;
        }
      }
      return true;
    }, () -> "promotions never became consistent: " + problem[0] + "\n" + node.output().lines()
      .filter(line -> line.contains("WARN") || line.contains("ERROR")).limit(30).reduce("", (a, b) -> a + "\n" + b));
  }
}
