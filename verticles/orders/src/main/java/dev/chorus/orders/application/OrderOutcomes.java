package dev.chorus.orders.application;

import dev.chorus.contracts.orders.OrderCancelled;
import dev.chorus.contracts.orders.OrderConfirmed;
import dev.chorus.contracts.orders.OrderEvent;
import dev.chorus.contracts.orders.OrderRejected;
import dev.chorus.platform.command.Prepared;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Tells every node when an order becomes final, so that an HTTP request waiting on any node ({@code Prefer: wait})
 * answers at once. The announcement is a hint after the commit; the read model stays the truth.
 */
public final class OrderOutcomes {

  private static final String ADDRESS = "chorus.orders.finalized";

  private final Vertx vertx;
  private final Map<UUID, List<Promise<Void>>> waiting = new ConcurrentHashMap<>();

  OrderOutcomes(Vertx vertx) {
    this.vertx = vertx;
  }

  Future<Void> listen() {
    return vertx.eventBus().<String>consumer(ADDRESS, message -> {
      List<Promise<Void>> waiters = waiting.remove(UUID.fromString(message.body()));
      if (waiters != null) {
        waiters.forEach(Promise::tryComplete);
      }
    }).completion();
  }

  /** Completes when the order is announced final (or never: the caller puts a timeout on it). */
  public Future<Void> awaitFinal(UUID orderId) {
    Promise<Void> promise = Promise.promise();
    waiting.computeIfAbsent(orderId, id -> new CopyOnWriteArrayList<>()).add(promise);
    return promise.future().onComplete(ignored -> waiting.computeIfPresent(orderId, (id, list) -> {
      list.remove(promise);
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
}
