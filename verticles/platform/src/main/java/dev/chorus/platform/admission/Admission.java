package dev.chorus.platform.admission;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounds the work a node has accepted and not yet heard to be finished — e.g. orders placed here that are not final —
 * so that a pipeline that falls behind sheds new work at the edge instead of letting it queue past its deadline.
 * <p>
 * The bound follows Little's law: work in progress = throughput × time in the system. To hold the time near
 * {@code target}, at most (finishes per second over the last {@value #WINDOW_SLICES} × {@value #SLICE_MS} ms) ×
 * {@code target} are held, and never fewer than {@code floor}, so that an idle node starts at once. While the
 * pipeline keeps up, the work held stays below the bound and nothing is shed; when it falls behind, finishes are
 * its capacity and the bound holds the time in the system near the target. Work that is never heard to finish
 * (its announcement was lost) leaves after {@code maxAge}.
 * <p>
 * Safe to use from any thread: requests are admitted on the HTTP event loops, finishes are heard on another.
 */
public final class Admission extends VerticleBase {

  static final int SLICE_MS = 250;
  static final int WINDOW_SLICES = 8;

  /**
   * @param target how long accepted work may expect to take
   * @param floor  the least work held, whatever the recent throughput
   * @param maxAge when work never heard to finish stops counting
   */
  public record Options(Duration target, int floor, Duration maxAge) {
  }

  private final String name;
  private final Options options;
  private final Map<Object, Long> open = new ConcurrentHashMap<>();
  private final AtomicInteger held = new AtomicInteger();
  private final AtomicLong finishes = new AtomicLong();
  private final AtomicLong shed = new AtomicLong();
  private final long[] window = new long[WINDOW_SLICES];
  private long finishesCounted;
  private int slice;
  private volatile int limit;

  /** @param name what is admitted, for the metrics' {@code work} tag (e.g. {@code orders}) */
  public Admission(String name, Options options) {
    this.name = name;
    this.options = options;
    this.limit = options.floor();
  }

  @Override
  public Future<?> start() {
    vertx.setPeriodic(SLICE_MS, id -> tick(System.nanoTime()));
    return Future.succeededFuture();
  }

  /** Exports the bound, the work held and the work shed as {@code chorus_admission_*}. */
  public Admission measuredBy(MeterRegistry meters) {
    Gauge.builder("chorus.admission.limit", this, Admission::limit).tag("work", name)
      .description("work this node admits before it sheds new work").register(meters);
    Gauge.builder("chorus.admission.held", this, Admission::held).tag("work", name)
      .description("work admitted on this node and not heard to be finished").register(meters);
    FunctionCounter.builder("chorus.admission.shed", shed, AtomicLong::get).tag("work", name)
      .description("work refused because the bound was reached").register(meters);
    return this;
  }

  /** A place for one more piece of work, or none when the bound is reached (the caller answers 503). */
  public Optional<Ticket> admit() {
    int current;
    do {
      current = held.get();
      if (current >= limit) {
        shed.incrementAndGet();
        return Optional.empty();
      }
    } while (!held.compareAndSet(current, current + 1));
    return Optional.of(new Ticket());
  }

  /** The work under {@code key} is finished: its place is free and it counts toward the throughput. */
  public void finished(Object key) {
    if (open.remove(key) != null) {
      held.decrementAndGet();
      finishes.incrementAndGet();
    }
  }

  public int limit() {
    return limit;
  }

  public int held() {
    return held.get();
  }

  /** Moves the window one slice on, derives the bound from it, and lets go of work too old to be heard of. */
  void tick(long now) {
    long total = finishes.get();
    window[slice] = total - finishesCounted;
    finishesCounted = total;
    slice = (slice + 1) % WINDOW_SLICES;
    long finishedInWindow = 0;
    for (long count : window) {
      finishedInWindow += count;
    }
    double perSecond = finishedInWindow * 1000.0 / (WINDOW_SLICES * SLICE_MS);
    limit = (int) Math.max(options.floor(), Math.min(Integer.MAX_VALUE, perSecond * options.target().toNanos() / 1e9));
    long oldest = now - options.maxAge().toNanos();
    open.entrySet().removeIf(entry -> {
      boolean expired = entry.getValue() - oldest < 0;
      if (expired) {
        held.decrementAndGet();
      }
      return expired;
    });
  }

  /** One admitted place: either its work starts (and is held until finished) or it is given back. */
  public final class Ticket {

    private final AtomicBoolean used = new AtomicBoolean();

    private Ticket() {
    }

    /** The admitted work started under {@code key}; it holds its place until {@link #finished} hears of it. */
    public void started(Object key) {
      if (used.compareAndSet(false, true) && open.putIfAbsent(key, System.nanoTime()) != null) {
        held.decrementAndGet();
      }
    }

    /** Nothing started (refused, replayed, failed): the place is free again. Does nothing after {@link #started}. */
    public void giveBack() {
      if (used.compareAndSet(false, true)) {
        held.decrementAndGet();
      }
    }
  }
}
