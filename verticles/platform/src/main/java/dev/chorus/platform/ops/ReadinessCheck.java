package dev.chorus.platform.ops;

import io.vertx.core.Future;

/** One condition a node needs before it takes work; fails with the reason when it is not met. */
@FunctionalInterface
public interface ReadinessCheck {

  Future<Void> check();
}
