package dev.chorus.orders.application;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class OrderOutcomesTest {

  private static final String ANNOUNCEMENTS = "chorus.orders.finalized";

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  void aWaitThatBeginsAfterTheAnnouncementStillHearsIt() throws Exception {
    Set<UUID> heard = ConcurrentHashMap.newKeySet();
    OrderOutcomes outcomes = new OrderOutcomes(heard::add);
    vertx.deployVerticle(outcomes).await();
    UUID announcedEarly = UUID.randomUUID();
    vertx.eventBus().publish(ANNOUNCEMENTS, announcedEarly.toString());
    awaitHeard(heard, announcedEarly);

    assertThat(outcomes.awaitFinal(announcedEarly).timeout(1, TimeUnit.SECONDS).await()).isNull();
  }

  @Test
  void aWaitForAnOrderNotYetAnnouncedEndsWithItsAnnouncement() throws Exception {
    Set<UUID> heard = ConcurrentHashMap.newKeySet();
    OrderOutcomes outcomes = new OrderOutcomes(heard::add);
    vertx.deployVerticle(outcomes).await();
    UUID order = UUID.randomUUID();
    Future<Void> waiting = outcomes.awaitFinal(order);
    vertx.eventBus().publish(ANNOUNCEMENTS, UUID.randomUUID().toString());
    awaitHeard(heard, null);
    assertThat(waiting.isComplete()).as("another order's announcement ends nothing").isFalse();

    vertx.eventBus().publish(ANNOUNCEMENTS, order.toString());
    assertThat(waiting.timeout(1, TimeUnit.SECONDS).await()).isNull();
  }

  /** Until the verticle heard {@code order} (any order when null), within a deadline. */
  private static void awaitHeard(Set<UUID> heard, UUID order) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (order == null ? heard.isEmpty() : !heard.contains(order)) {
      assertThat(System.nanoTime()).as("announcement heard within 5 s").isLessThan(deadline);
      TimeUnit.MILLISECONDS.sleep(5);
    }
  }
}
