package dev.chorus.platform.context;

import dev.chorus.platform.eventstore.Partitioner;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;

/**
 * What a hosted context receives from its node.
 *
 * @param vertx       the clustered Vert.x instance
 * @param pool        connections to the context's own schema (and nothing else)
 * @param nodeId      this node's cluster id
 * @param partitioner how the context's log is partitioned
 * @param meters      where the context's metrics go
 */
public record ContextRuntime(Vertx vertx, Pool pool, String nodeId, Partitioner partitioner, MeterRegistry meters) {
}
