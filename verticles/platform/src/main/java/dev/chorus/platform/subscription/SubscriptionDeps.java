package dev.chorus.platform.subscription;

import dev.chorus.platform.eventstore.Partitioner;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;

/**
 * What a subscription's partition workers share on one node.
 *
 * @param pool            the consuming context's connections, for transactions
 * @param reads           its pipelined connections, for reads
 * @param leases          its partition leases
 * @param log             the source log
 * @param commits         the consumer transactions of the subscription's partitions on this node
 * @param ownPartitioner  partitions of the consuming context's own log (its appends)
 * @param ownHints        wake-up hints for the consuming context's own log
 * @param metrics         the subscription's meters
 * @param options         pacing
 */
record SubscriptionDeps(Pool pool, SqlClient reads, PartitionLeases leases, RemoteLog log, ConsumerCommits commits, Partitioner ownPartitioner, LogHints ownHints,
                        SubscriptionMetrics metrics, SubscriptionOptions options) {
}
