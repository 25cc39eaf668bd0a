package dev.chorus.platform.access;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Who may call which of a context's routes, declared beside them: every route that no rule names is for operators
 * only, so a route added without a rule is closed rather than open. Paths are relative to the context's mount, in
 * the router's own syntax ({@code /wallets/:customerId/deposits}).
 * <p>
 * The node checks the rules before the context's routes run: a request that needs credentials and has none, or that
 * shows credentials the node does not accept (an invalid or expired token, on any route, open ones too), is answered
 * {@code 401}; one whose caller may not is answered {@code 403}; in either case nothing of the context runs.
 */
public final class AccessRules {

  private static final Pattern OUTER_SLASHES = Pattern.compile("^/+|/+$");

  private final List<Rule> rules;
  /** Each rule's path, split once: requests are matched against these. */
  private final List<String[]> patterns;

  private AccessRules(List<Rule> rules) {
    this.rules = List.copyOf(rules);
    this.patterns = this.rules.stream().map(rule -> segments(rule.path())).toList();
  }

  /** No rule: operators only, for every route. */
  public static AccessRules operatorsOnly() {
    return new AccessRules(List.of());
  }

  /** Anyone may call {@code method path}. */
  public AccessRules open(HttpMethod method, String path) {
    return with(method, path, new Access.Open());
  }

  /** Any caller with valid credentials may call {@code method path}. */
  public AccessRules signedIn(HttpMethod method, String path) {
    return with(method, path, new Access.SignedIn());
  }

  /** The customer named by the path parameter {@code parameter} of {@code path} (or an operator) may call it. */
  public AccessRules customerInPath(HttpMethod method, String path, String parameter) {
    if (!List.of(segments(path)).contains(":" + parameter)) {
      throw new IllegalArgumentException(path + " has no parameter :" + parameter);
    }
    return with(method, path, new Access.CustomerInPath(parameter));
  }

  /** A customer (or an operator) may call it; the route refuses any customer but the one it acts on. */
  public AccessRules customerCheckedByRoute(HttpMethod method, String path) {
    return with(method, path, new Access.CustomerCheckedByRoute());
  }

  /** The rules declared, in order. */
  public List<Rule> rules() {
    return rules;
  }

  /**
   * Checks every request under {@code mount} against these rules and lets it through only when its caller may.
   *
   * @param mount where the routes hang, e.g. {@code /orders}
   */
  public Handler<RoutingContext> checkUnder(String mount) {
    return rc -> {
      String path = rc.normalizedPath();
      String relative = path.length() > mount.length() ? path.substring(mount.length()) : "/";
      Optional<Rule> rule = match(rc.request().method(), relative);
      Access access = rule.map(Rule::access).orElse(new Access.Operator());
      if (Caller.credentialsRefused(rc)) {
        Caller.unauthenticated(rc).send(rc);
        return;
      }
      if (access instanceof Access.Open) {
        rc.next();
        return;
      }
      Optional<Caller> caller = Caller.of(rc);
      if (caller.isEmpty()) {
        Caller.unauthenticated(rc).send(rc);
      } else if (allows(access, caller.get(), rule.map(r -> r.parameters(segments(relative))).orElse(Map.of()))) {
        rc.next();
      } else {
        (access instanceof Access.Operator ? Caller.operatorsOnly() : Caller.forbidden(caller.get())).send(rc);
      }
    };
  }

  private static boolean allows(Access access, Caller caller, Map<String, String> parameters) {
    if (caller.operator()) {
      return true;
    }
    if (access instanceof Access.CustomerInPath inPath) {
      return caller.subject().equalsIgnoreCase(parameters.get(inPath.parameter()));
    }
    return access instanceof Access.SignedIn || access instanceof Access.CustomerCheckedByRoute;
  }

  private Optional<Rule> match(HttpMethod method, String path) {
    String[] given = segments(path);
    for (int i = 0; i < rules.size(); i++) {
      if (rules.get(i).method().equals(method) && matches(patterns.get(i), given)) {
        return Optional.of(rules.get(i));
      }
    }
    return Optional.empty();
  }

  private static boolean matches(String[] pattern, String[] given) {
    if (pattern.length != given.length) {
      return false;
    }
    for (int i = 0; i < pattern.length; i++) {
      if (!pattern[i].startsWith(":") && !pattern[i].equals(given[i])) {
        return false;
      }
    }
    return true;
  }

  private AccessRules with(HttpMethod method, String path, Access access) {
    List<Rule> more = new ArrayList<>(rules);
    more.add(new Rule(method, path, access));
    return new AccessRules(more);
  }

  /** {@code /a/b/} and {@code /a/b} are the same route, as for the router. */
  private static String[] segments(String path) {
    String trimmed = OUTER_SLASHES.matcher(path).replaceAll("");
    return trimmed.isEmpty() ? new String[0] : trimmed.split("/");
  }

  /**
   * One declared rule.
   *
   * @param method the request's method
   * @param path   the route's path relative to the mount, with {@code :name} parameters
   * @param access what a caller needs
   */
  public record Rule(HttpMethod method, String path, Access access) {

    /** Each parameter's name and value in {@code given}, the segments of a path this rule matches. */
    Map<String, String> parameters(String[] given) {
      String[] pattern = segments(path);
      Map<String, String> parameters = new HashMap<>();
      for (int i = 0; i < pattern.length; i++) {
        if (pattern[i].startsWith(":")) {
          parameters.put(pattern[i].substring(1), given[i]);
        }
      }
      return parameters;
    }
  }
}
