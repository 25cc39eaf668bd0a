package dev.chorus.platform.web;

/** Fails a request with a problem; handlers throw it (or fail futures with it) and {@link WebErrors} answers. */
public final class ProblemException extends RuntimeException {

  private final Problem problem;

  public ProblemException(Problem problem) {
    super(problem.detail(), null, false, false);
    this.problem = problem;
  }

  public Problem problem() {
    return problem;
  }
}
