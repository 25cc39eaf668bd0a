package dev.chorus.bench;

import java.util.Arrays;

/** Latencies in nanoseconds, recorded from many threads, read as percentiles in milliseconds. */
final class Latencies {

  private final long[] samples;
  private int count;

  Latencies(int capacity) {
    samples = new long[capacity];
  }

  synchronized void record(long nanos) {
    if (count < samples.length) {
      samples[count++] = nanos;
    }
  }

  synchronized void addAll(Latencies other) {
    synchronized (other) {
      int copy = Math.min(other.count, samples.length - count);
      System.arraycopy(other.samples, 0, samples, count, copy);
      count += copy;
    }
  }

  synchronized double percentileMillis(double percentile) {
    if (count == 0) {
      return Double.NaN;
    }
    long[] sorted = Arrays.copyOf(samples, count);
    Arrays.sort(sorted);
    int index = (int) Math.min(count - 1, Math.ceil(percentile / 100.0 * count) - 1);
    return sorted[Math.max(0, index)] / 1_000_000.0;
  }
}
