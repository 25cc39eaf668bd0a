package dev.chorus.orders.application;

import dev.chorus.testkit.Poll;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
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
  void aWaitThatBeginsAfterTheAnnouncementStillHearsIt() {
    Set<UUID> heard = ConcurrentHashMap.newKeySet();
    OrderOutcomes outcomes = new OrderOutcomes(heard::add);
    vertx.deployVerticle(outcomes).await();
    UUID announcedEarly = UUID.randomUUID();
    vertx.eventBus().publish(ANNOUNCEMENTS, announcedEarly.toString());
    Poll.until(Duration.ofSeconds(5), () -> heard.contains(announcedEarly), () -> "announcement never heard");

    assertThat(outcomes.awaitFinal(announcedEarly).timeout(1, TimeUnit.SECONDS).await()).isNull();
  }

  @Test
  void aWaitForAnOrderNotYetAnnouncedEndsWithItsAnnouncement() {
    Set<UUID> heard = ConcurrentHashMap.newKeySet();
    OrderOutcomes outcomes = new OrderOutcomes(heard::add);
    vertx.deployVerticle(outcomes).await();
    UUID order = UUID.randomUUID();
    Future<Void> waiting = outcomes.awaitFinal(order);
    vertx.eventBus().publish(ANNOUNCEMENTS, UUID.randomUUID().toString());
    Poll.until(Duration.ofSeconds(5), () -> !heard.isEmpty(), () -> "announcement never heard");
    assertThat(waiting.isComplete()).as("another order's announcement ends nothing").isFalse();

    vertx.eventBus().publish(ANNOUNCEMENTS, order.toString());
    assertThat(waiting.timeout(1, TimeUnit.SECONDS).await()).isNull();
  }
}
