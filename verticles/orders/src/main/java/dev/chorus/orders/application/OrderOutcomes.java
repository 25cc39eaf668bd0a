package dev.chorus.orders.application;

import dev.chorus.contracts.orders.OrderCancelled;
import dev.chorus.contracts.orders.OrderConfirmed;
import dev.chorus.contracts.orders.OrderEvent;
import dev.chorus.contracts.orders.OrderRejected;
import dev.chorus.platform.command.Prepared;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Tells every node when an order becomes final, so that an HTTP request waiting on any node ({@code Prefer: wait})
 * answers at once. The announcement is a hint after the commit; the read model stays the truth. The orders heard
 * final lately are remembered, so that a request that starts waiting after its order's announcement still hears it.
 * <p>
 * A node that stops hears no more announcements: it lets its waiting requests go when it stops, and they answer
 * with what the read model holds then (202 for an order still pending) instead of being cut off by the end of
 * the HTTP server's grace period.
 */
public final class OrderOutcomes extends VerticleBase {

  private static final String ADDRESS = "chorus.orders.finalized";
  private static final int REMEMBERED = 100_000;

  /** A request waiting for an order's end, let go on its own context: this verticle's may be closing. */
  private record Waiter(Context context, Promise<Void> promise) {
    void release() {
      context.runOnContext(v -> promise.tryComplete());
    }
  }

  private final Map<UUID, List<Waiter>> waiting = new ConcurrentHashMap<>();
  private final Map<UUID, Boolean> heardLately = Collections.synchronizedMap(new LinkedHashMap<>() {
    @Override
    protected boolean removeEldestEntry(Map.Entry<UUID, Boolean> eldest) {
      return size() > REMEMBERED;
    }
  });
  private final Consumer<UUID> heardFinal;
  private volatile boolean stopped;

  /** @param heardFinal told of every order announced final, on this verticle's context */
  OrderOutcomes(Consumer<UUID> heardFinal) {
    this.heardFinal = heardFinal;
  }

  @Override
  public Future<?> start() {
    return vertx.eventBus().<String>consumer(ADDRESS, this::heard).completion();
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    waiting.keySet().forEach(this::release);
    return Future.succeededFuture();
  }

  /**
   * Completes when the order is announced final (or was, lately) or this node stops — or never: the caller puts a
   * timeout on it.
   */
  public Future<Void> awaitFinal(UUID orderId) {
    Waiter waiter = new Waiter(vertx.getOrCreateContext(), Promise.promise());
    waiting.computeIfAbsent(orderId, id -> new CopyOnWriteArrayList<>()).add(waiter);
    if (stopped || heardLately.containsKey(orderId)) {
      release(orderId);
    }
    return waiter.promise().future().onComplete(ignored -> waiting.computeIfPresent(orderId, (id, list) -> {
      list.remove(waiter);
      return list.isEmpty() ? null : list;
    }));
  }

  void announce(List<OrderEvent> events) {
    for (OrderEvent event : events) {
      if (event instanceof OrderConfirmed || event instanceof OrderRejected || event instanceof OrderCancelled) {
        vertx.eventBus().publish(ADDRESS, event.orderId().toString());
      }
    }
  }

  /** The same prepared command, announcing the order's end once it commits. */
  Prepared<OrderEvent> announcing(Prepared<OrderEvent> prepared) {
    return new Prepared<>(prepared.append(), prepared.writes(), prepared.events(), prepared.rejection(), () -> {
      prepared.committed().run();
      announce(prepared.events());
    }, prepared.conflicted());
  }

  private void heard(Message<String> message) {
    UUID orderId = UUID.fromString(message.body());
    heardLately.put(orderId, Boolean.TRUE);
    heardFinal.accept(orderId);
    release(orderId);
  }

  private void release(UUID orderId) {
    List<Waiter> waiters = waiting.remove(orderId);
    if (waiters != null) {
      waiters.forEach(Waiter::release);
    }
  }
}
