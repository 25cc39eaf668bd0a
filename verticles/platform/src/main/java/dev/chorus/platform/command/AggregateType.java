package dev.chorus.platform.command;

import dev.chorus.platform.decider.Decider;
import dev.chorus.platform.events.EventTypes;

/**
 * Everything the command runtime needs to know about one kind of aggregate.
 *
 * @param decider   its behaviour
 * @param events    its events' stored names and JSON mapping
 * @param snapshots how (and whether) its state is snapshotted
 */
public record AggregateType<C, E, S>(Decider<C, E, S> decider, EventTypes<E> events, SnapshotPolicy<S> snapshots) {
}
