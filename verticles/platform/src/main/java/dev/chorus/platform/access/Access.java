package dev.chorus.platform.access;

/** What a caller needs to reach a route. */
public sealed interface Access {

  /** Anyone, without credentials (e.g. signing up). */
  record Open() implements Access {
  }

  /** Any caller with valid credentials, customer or operator (e.g. reading the price list). */
  record SignedIn() implements Access {
  }

  /** The customer whose id is the path parameter {@code parameter}, or an operator. */
  record CustomerInPath(String parameter) implements Access {
  }

  /**
   * A customer or an operator; the route itself refuses a customer whose id is not the one it acts on (known from
   * its body or its data) with {@link Caller#requireActingFor}.
   */
  record CustomerCheckedByRoute() implements Access {
  }

  /** An operator only: every route no rule names. */
  record Operator() implements Access {
  }
}
