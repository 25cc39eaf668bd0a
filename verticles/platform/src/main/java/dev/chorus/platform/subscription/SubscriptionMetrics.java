package dev.chorus.platform.subscription;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** A subscription's meters on one node: lag per owned partition, events processed, retries, parked events. */
final class SubscriptionMetrics {

  private final MeterRegistry registry;
  private final String subscription;
  private final Map<Integer, AtomicLong> lags = new ConcurrentHashMap<>();
  private final AtomicLong parked = new AtomicLong();
  final Counter processed;
  final Counter retries;

  SubscriptionMetrics(MeterRegistry registry, String subscription) {
    this.registry = registry;
    this.subscription = subscription;
    this.processed = Counter.builder("chorus.subscription.events.processed").tag("subscription", subscription)
      .description("Events a subscription processed (their effects committed) on this node").register(registry);
    this.retries = Counter.builder("chorus.subscription.retries").tag("subscription", subscription)
      .description("Failed attempts at an event, retried or parked").register(registry);
    Gauge.builder("chorus.subscription.parked", parked, AtomicLong::get).tag("subscription", subscription)
      .description("Events parked or waiting behind a parked event").register(registry);
  }

  /** The lag of a partition this node owns; -1 when it does not own it (any more). */
  void lag(int partition, long events) {
    lags.computeIfAbsent(partition, p -> {
      AtomicLong value = new AtomicLong(-1);
      Gauge.builder("chorus.subscription.lag", value, v -> v.get() < 0 ? Double.NaN : v.get())
        .tag("subscription", subscription).tag("partition", Integer.toString(p))
        .description("Events of the source partition after the subscription's checkpoint").register(registry);
      return value;
    }).set(events);
  }

  void parked(long count) {
    parked.set(count);
  }
}
