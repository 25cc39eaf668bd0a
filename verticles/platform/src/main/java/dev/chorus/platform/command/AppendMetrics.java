package dev.chorus.platform.command;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

/** Exports an appender's work: committed appends and the transactions they took (their ratio is the group size). */
public final class AppendMetrics {

  private AppendMetrics() {
  }

  public static void bind(MeterRegistry registry, String context, Appender appender) {
    FunctionCounter.builder("chorus.appends.committed", appender, Appender::committedAppends)
      .description("Command appends committed to the log")
      .tag("context", context)
      .register(registry);
    FunctionCounter.builder("chorus.append.transactions", appender, Appender::transactions)
      .description("Transactions run for appends (several appends share one under group commit)")
      .tag("context", context)
      .register(registry);
  }
}
