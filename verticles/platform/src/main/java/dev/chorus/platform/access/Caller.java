package dev.chorus.platform.access;

import dev.chorus.platform.web.Problem;
import dev.chorus.platform.web.ProblemException;
import io.vertx.ext.web.RoutingContext;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Who sends a request, as the node established it before any route runs: a customer, who acts for its own id only,
 * or an operator, who may do everything. A node started with {@code --auth local} serves only its own machine and
 * takes every request as {@link #LOCAL}; with {@code --auth jwt} a request without a valid bearer token has no caller.
 *
 * @param subject the customer's id, or the operator's name
 * @param role    what the subject may do
 */
public record Caller(String subject, Role role) {

  public enum Role { CUSTOMER, OPERATOR }

  /** Every request to a node that serves only its own machine. */
  public static final Caller LOCAL = new Caller("local", Role.OPERATOR);

  private static final String KEY = "chorus.caller";
  private static final String EXPIRY_KEY = "chorus.caller.expiry";
  private static final String REFUSAL_KEY = "chorus.caller.refusal";

  public Caller {
    if (role == Role.CUSTOMER) {
      subject = UUID.fromString(subject).toString();
    }
  }

  /** The request's caller; empty when it sent no valid credentials. */
  public static Optional<Caller> of(RoutingContext rc) {
    return Optional.ofNullable(rc.get(KEY));
  }

  /** Records who sends the request; the node calls it once, before any route. */
  public static void identify(RoutingContext rc, Caller caller) {
    rc.put(KEY, caller);
  }

  /** Records who sends the request and when its credentials expire; the node calls it once, before any route. */
  public static void identify(RoutingContext rc, Caller caller, Instant expiry) {
    rc.put(KEY, caller);
    rc.put(EXPIRY_KEY, expiry);
  }

  /**
   * When the request's credentials expire, for an answer that lasts (a stream ends then); empty when they do not
   * ({@code --auth local}) or it has none.
   */
  public static Optional<Instant> expiry(RoutingContext rc) {
    return Optional.ofNullable(rc.get(EXPIRY_KEY));
  }

  /** Records why the request's credentials were not accepted, for the answer of a route that needs them. */
  public static void refuse(RoutingContext rc, String reason) {
    rc.put(REFUSAL_KEY, reason);
  }

  public boolean operator() {
    return role == Role.OPERATOR;
  }

  /** Whether this caller may act on {@code customerId}'s behalf: the customer itself, or an operator. */
  public boolean mayActFor(UUID customerId) {
    return operator() || subject.equals(customerId.toString());
  }

  /**
   * The request's caller, if it may act for {@code customerId}; for a route whose customer is known only once its
   * input is read or its data loaded.
   *
   * @throws ProblemException {@code 401} without a caller, {@code 403} for a caller that may not
   */
  public static Caller requireActingFor(RoutingContext rc, UUID customerId) {
    Caller caller = require(rc);
    if (!caller.mayActFor(customerId)) {
      throw new ProblemException(forbidden(caller));
    }
    return caller;
  }

  /**
   * Whether the request's caller may see what belongs to {@code customerId}, for a route that learns whose a resource
   * is only from its data: such a route answers a resource its caller may not see as if it did not exist ({@code 404}),
   * so that its answers do not tell who has what (decision 0043).
   *
   * @throws ProblemException {@code 401} without a caller
   */
  public static boolean maySee(RoutingContext rc, UUID customerId) {
    return require(rc).mayActFor(customerId);
  }

  /** @throws ProblemException {@code 401} when the request has no caller */
  public static Caller require(RoutingContext rc) {
    return of(rc).orElseThrow(() -> new ProblemException(unauthenticated(rc)));
  }

  /** Whether the request showed credentials that were not accepted (as opposed to none). */
  static boolean credentialsRefused(RoutingContext rc) {
    return rc.get(REFUSAL_KEY) != null;
  }

  static Problem unauthenticated(RoutingContext rc) {
    String refusal = rc.get(REFUSAL_KEY);
    return Problem.unauthorized(refusal != null ? refusal : "this resource needs a bearer token (Authorization: Bearer <token>)");
  }

  static Problem forbidden(Caller caller) {
    return Problem.forbidden(caller.operator() ? "not allowed" : "a customer token acts only on its own customer ("
      + caller.subject() + ")");
  }

  static Problem operatorsOnly() {
    return Problem.forbidden("only an operator may do this");
  }
}
