package dev.chorus.platform.context;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;

/**
 * What a hosted context receives from its node.
 *
 * @param vertx  the clustered Vert.x instance
 * @param pool   connections to the context's own schema (and nothing else)
 * @param nodeId this node's cluster id
 */
public record ContextRuntime(Vertx vertx, Pool pool, String nodeId) {
}
