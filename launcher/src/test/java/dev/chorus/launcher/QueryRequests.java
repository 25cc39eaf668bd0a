package dev.chorus.launcher;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Generates requests to every query route (and the node's own read routes) with malformed path and query
 * parameters and malformed headers the node reads ({@code Authorization}, {@code Prefer}, {@code traceparent},
 * {@code Idempotency-Key}); each must be answered without a fault (never a 5xx), and none may write.
 */
final class QueryRequests {

  /**
   * A query route: its path, with {@code {}} where a path parameter goes (filled with a real value or noise), and
   * the query parameters it reads.
   */
  record Route(String path, List<String> realValues, List<String> parameters) {
  }

  /** One generated query: the URI (path and query), the headers, and what is wrong with it. */
  record Query(String uri, Map<String, String> headers, String kind) {
    String describe() {
      return kind + " → GET " + uri + " " + headers;
    }
  }

  private final List<Route> routes;
  private final InvalidRequests.Credentials credentials;
  private final Random random;

  QueryRequests(List<Route> routes, InvalidRequests.Credentials credentials, long seed) {
    this.routes = routes;
    this.credentials = credentials;
    this.random = new Random(seed);
  }

  Query next() {
    Route route = routes.get(random.nextInt(routes.size()));
    String path = route.path();
    StringBuilder kind = new StringBuilder();
    while (path.contains("{}")) {
      boolean noise = random.nextInt(3) == 0 || route.realValues().isEmpty();
      path = path.replaceFirst("\\{}", noise ? pick(HeaderNoise.VALUES).replace("$", "") : pick(route.realValues().toArray(String[]::new)));
      kind.append(noise ? "path noise; " : "");
    }
    StringBuilder query = new StringBuilder();
    for (String parameter : route.parameters()) {
      if (random.nextInt(3) == 0) {
        query.append(query.isEmpty() ? "?" : "&").append(parameter).append('=').append(pick(HeaderNoise.VALUES));
        kind.append("query ").append(parameter).append("; ");
      }
    }
    if (random.nextInt(8) == 0) {
      query.append(query.isEmpty() ? "?" : "&").append(pick(new String[] {"unknown=1", "limit=1&limit=2", "=x", "&&", "%zz=1"}));
      kind.append("odd query; ");
    }
    return new Query(path + query, headers(kind), kind.toString());
  }

  private Map<String, String> headers(StringBuilder kind) {
    Map<String, String> headers = new HashMap<>();
    if (random.nextInt(5) == 0) {
      headers.put("Authorization", pick(credentials.refused().toArray(String[]::new)));
      kind.append("refused credentials; ");
    } else {
      headers.put("Authorization", credentials.valid());
    }
    if (random.nextBoolean()) {
      headers.put("traceparent", pick(HeaderNoise.TRACEPARENTS));
    }
    if (random.nextBoolean()) {
      headers.put("Prefer", pick(HeaderNoise.PREFERS));
    }
    if (random.nextInt(4) == 0) {
      headers.put("Idempotency-Key", pick(HeaderNoise.IDEMPOTENCY_KEYS));
    }
    return headers;
  }

  private <T> T pick(T[] choices) {
    return choices[random.nextInt(choices.length)];
  }
}
