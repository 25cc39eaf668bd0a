package dev.chorus.platform.subscription;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class PartitionHintsTest {

  private final Vertx vertx = Vertx.vertx();
  private final Context context = vertx.getOrCreateContext();
  private final BlockingQueue<Integer> heard = new LinkedBlockingQueue<>();
  private final PartitionHints hints = new PartitionHints(vertx, "inventory", heard::add);

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  @DisplayName("a subscription hears the hints of the partitions it listens to and of no other, and stops hearing a partition it gave up")
  void hearsOnlyThePartitionsItOwns() throws Exception {
    onContext(() -> hints.listenTo(Set.of(1, 3)));
    onContext(() -> List.of(0, 1, 2, 3).forEach(this::hint));
    assertThat(heardUntil(3)).containsExactly(1, 3);

    onContext(() -> hints.listenTo(Set.of(3, 5)));
    onContext(() -> List.of(1, 3, 5).forEach(this::hint));
    assertThat(heardUntil(5)).containsExactly(3, 5);
  }

  @Test
  @DisplayName("a producer's hint goes out on each grown partition's own address")
  void theProducerHintsEachPartitionOnItsOwnAddress() throws Exception {
    onContext(() -> hints.listenTo(Set.of(2, 7)));
    LogHints producer = new LogHints(vertx, "inventory");
    producer.appended(7);
    producer.appended(4);
    producer.appended(2);
    List<Integer> got = new ArrayList<>();
    while (got.size() < 2) {
      Integer partition = heard.poll(5, TimeUnit.SECONDS);
      assertThat(partition).as("a hint heard within 5 s, after " + got).isNotNull();
      got.add(partition);
    }
    assertThat(got).containsExactlyInAnyOrder(2, 7);
  }

  private void hint(int partition) {
    vertx.eventBus().publish(LogAddresses.appended("inventory", partition), null);
  }

  /**
   * The partitions heard up to {@code last}: hints sent in one turn of a context to listeners on that context arrive in
   * the order sent, so a partition not heard before {@code last} was not heard at all.
   */
  private List<Integer> heardUntil(int last) throws InterruptedException {
    List<Integer> got = new ArrayList<>();
    Integer partition;
    do {
      partition = heard.poll(5, TimeUnit.SECONDS);
      assertThat(partition).as("partition " + last + " heard within 5 s, after " + got).isNotNull();
      got.add(partition);
    } while (partition != last);
    return got;
  }

  private void onContext(Runnable action) throws Exception {
    CompletableFuture<Void> done = new CompletableFuture<>();
    context.runOnContext(v -> {
      action.run();
      done.complete(null);
    });
    done.get(5, TimeUnit.SECONDS);
  }
}
