package dev.chorus.launcher;

import io.vertx.core.json.JsonObject;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Registers customers through whichever nodes are up (see {@link ClusterClient}). */
final class Registrations {

  /** A registered customer: its id and who invited it (or null). */
  record Registered(String id, String invitedBy) {
  }

  private Registrations() {
  }

  /** The registration of customer {@code i} of a run, invited by {@code inviter} (or null), with an idempotency key of its own. */
  static ClusterClient.Post post(String run, int i, String inviter) {
    JsonObject body = new JsonObject().put("email", "c" + i + "-" + run + "@example.com").put("name", "Customer " + i);
    if (inviter != null) {
      body.put("invitedBy", inviter);
    }
    return new ClusterClient.Post("/customers", body, "reg-" + run + "-" + i);
  }

  /**
   * @param nodes     the nodes to spread requests over, asked for afresh before every attempt
   * @param count     how many customers
   * @param inviters  ids of customers who invite (every other new customer is invited by one of them)
   * @param inFlight  concurrent requests
   */
  static List<Registered> register(Supplier<List<NodeProcess>> nodes, int count, List<String> inviters, int inFlight) {
    return register(nodes, count, inviters, inFlight, new AtomicInteger());
  }

  /** As above, counting completed registrations in {@code progress}. */
  static List<Registered> register(Supplier<List<NodeProcess>> nodes, int count, List<String> inviters, int inFlight,
                                   AtomicInteger progress) {
    String run = UUID.randomUUID().toString().substring(0, 8);
    List<ClusterClient.Post> posts = new ArrayList<>();
    List<String> invitedBy = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String inviter = inviters.isEmpty() || i % 2 == 1 ? null : inviters.get(i % inviters.size());
      posts.add(post(run, i, inviter));
      invitedBy.add(inviter);
    }
    List<HttpResponse<String>> answers = ClusterClient.postAll(nodes, posts, inFlight, progress);
    List<Registered> registered = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      assertThat(answers.get(i).statusCode()).as(answers.get(i).body()).isEqualTo(201);
      registered.add(new Registered(new JsonObject(answers.get(i).body()).getString("id"), invitedBy.get(i)));
    }
    return registered;
  }
}
