package dev.chorus.platform.context;

import dev.chorus.platform.command.CommandRuntime;
import dev.chorus.platform.eventstore.Partitioner;
import dev.chorus.platform.subscription.LogHints;
import dev.chorus.platform.subscription.Membership;
import dev.chorus.platform.subscription.SubscriptionRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;

import java.util.function.BooleanSupplier;

/**
 * What a hosted context receives from its node.
 *
 * @param vertx         the clustered Vert.x instance
 * @param pool          connections to the context's own schema (and nothing else), for transactions
 * @param reads         pipelined connections to the same schema, for reads and single statements
 * @param nodeId        this node's cluster id
 * @param partitioner   how the context's log is partitioned
 * @param meters        where the context's metrics go
 * @param hints         wake-up hints for the consumers of the context's log (call after appends commit)
 * @param membership    which nodes host which contexts
 * @param subscriptions the node's running subscriptions
 * @param settings      what the node was given for this context
 * @param sharedStreams whether another node hosts the context right now (see {@link HostedElsewhere})
 */
public record ContextRuntime(Vertx vertx, Pool pool, SqlClient reads, String nodeId, Partitioner partitioner, MeterRegistry meters,
                             LogHints hints, Membership membership, SubscriptionRegistry subscriptions,
                             ContextSettings settings, BooleanSupplier sharedStreams) {

  /** How the context's command runtimes run on this node: aware of other nodes writing the same streams. */
  public CommandRuntime.Options commandOptions() {
    return CommandRuntime.Options.defaults().sharedWhen(sharedStreams);
  }
}
