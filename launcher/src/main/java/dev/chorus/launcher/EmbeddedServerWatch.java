package dev.chorus.launcher;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Looks once a second whether the embedded server still runs, and starts it again when it does not: a killed
 * or crashed server comes back by itself, and the node's pools reconnect to it.
 */
final class EmbeddedServerWatch {

  private static final Logger log = LoggerFactory.getLogger("chorus");
  private static final long PERIOD_MS = 1_000;

  private final EmbeddedDatabase database;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "chorus-embedded-postgres-watch");
    thread.setDaemon(true);
    return thread;
  });
  private boolean failing;

  private EmbeddedServerWatch(EmbeddedDatabase database) {
    this.database = database;
  }

  static EmbeddedServerWatch start(EmbeddedDatabase database) {
    EmbeddedServerWatch watch = new EmbeddedServerWatch(database);
    watch.timer.scheduleWithFixedDelay(watch::look, PERIOD_MS, PERIOD_MS, TimeUnit.MILLISECONDS);
    return watch;
  }

  /** Waits for a look in progress, so that nothing starts the server after this returns. */
  void stop() {
    timer.shutdown();
    try {
      timer.awaitTermination(2, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void look() {
    try {
      if (database.restartIfGone()) {
        log.warn("The embedded PostgreSQL in {} had stopped; it runs again on {}", database.pgData(), database.url());
      }
      failing = false;
    } catch (Exception e) {
      if (!failing) {
        log.warn("The embedded PostgreSQL in {} has stopped and does not start yet (trying every second): {}", database.pgData(),
          StartupFailure.describe(e));
      }
      failing = true;
    }
  }
}
