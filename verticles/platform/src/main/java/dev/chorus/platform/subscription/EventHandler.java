package dev.chorus.platform.subscription;

import io.vertx.core.Future;

/**
 * What a subscription does with one type of event: the effects it prepares (reads allowed, writes not; the
 * subscription writes them with the event's inbox record and checkpoint in one transaction).
 *
 * @param <T> the event's record
 */
@FunctionalInterface
public interface EventHandler<T> {

  /** The event's effects, {@link Effects#NONE} for none. A failed future counts as a failed attempt. */
  Future<Effects> handle(T event, Cause cause);
}
