package dev.chorus.launcher;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;

/**
 * Buckets for the time a node takes to answer an HTTP request ({@code vertx_http_server_response_time_seconds_bucket},
 * by status and method): how many answers came within 10 ms, 50 ms, 250 ms, 1 s and 10 s — a shed request's bound,
 * the orders' target, a request's limit — so that an operator, or a test, reads a share of answers within a bound.
 */
final class AnswerTimeBuckets implements MeterFilter {

  private static final String METER = "vertx.http.server.response.time";
  /** A timer's bounds are in nanoseconds. */
  private static final double[] BOUNDS_NANOS = {10e6, 50e6, 250e6, 1e9, 10e9};

  @Override
  public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
    if (!id.getName().equals(METER)) {
      return config;
    }
    return DistributionStatisticConfig.builder().serviceLevelObjectives(BOUNDS_NANOS).build().merge(config);
  }
}
