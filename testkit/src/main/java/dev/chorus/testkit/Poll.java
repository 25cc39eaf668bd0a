package dev.chorus.testkit;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/** Waits for a condition with a deadline, checking it every 100 ms. */
public final class Poll {

  private Poll() {
  }

  public static Duration until(Duration timeout, Callable<Boolean> condition, Supplier<String> failure) {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    Exception last = null;
    while (true) {
      try {
        if (condition.call()) {
          return Duration.ofNanos(System.nanoTime() - start);
        }
        last = null;
      } catch (AssertionError e) {
        throw e;
      } catch (Exception e) {
        last = e;  // not yet: try again until the deadline
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(failure.get() + (last == null ? "" : " (last attempt: " + last + ")"), last);
      }
      try {
        Thread.sleep(100); // polling interval, not a stand-in for synchronisation
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
  }
}
