package dev.chorus.platform.deadline;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Fires the due deadlines of the partitions this node owns, every second. A deadline is removed once its
 * handler succeeded; a handler must tolerate firing twice (a node can die between the two).
 */
public final class DeadlineVerticle extends VerticleBase {

  /** What to do when a deadline is due. */
  @FunctionalInterface
  public interface Handler {
    Future<Void> fire(String id, JsonObject payload);
  }

  private static final Logger log = LoggerFactory.getLogger(DeadlineVerticle.class);
  private static final long PERIOD_MS = 1_000;
  private static final String DUE = "select id, payload::text from deadlines where partition = any($1) and due_at <= now()"
    + " order by due_at limit 500";
  private static final String DONE = "delete from deadlines where id = $1";

  private final Pool pool;
  private final Supplier<Set<Integer>> ownedPartitions;
  private final Handler handler;
  private boolean firing;

  public DeadlineVerticle(Pool pool, Supplier<Set<Integer>> ownedPartitions, Handler handler) {
    this.pool = pool;
    this.ownedPartitions = ownedPartitions;
    this.handler = handler;
  }

  @Override
  public Future<?> start() {
    vertx.setPeriodic(PERIOD_MS, id -> fireDue());
    return Future.succeededFuture();
  }

  private void fireDue() {
    Set<Integer> partitions = ownedPartitions.get();
    if (firing || partitions.isEmpty()) {
      return;
    }
    firing = true;
    Short[] owned = partitions.stream().map(Integer::shortValue).toArray(Short[]::new);
    pool.preparedQuery(DUE).execute(Tuple.tuple().addArrayOfShort(owned))
      .compose(rows -> {
        List<Future<Void>> fired = new ArrayList<>();
        for (Row row : rows) {
          String id = row.getString(0);
          fired.add(handler.fire(id, new JsonObject(row.getString(1)))
            .compose(v -> pool.preparedQuery(DONE).execute(Tuple.of(id)).<Void>mapEmpty())
            .onFailure(e -> log.warn("deadline {} not fired yet: {}", id, e.getMessage())));
        }
        return Future.join(fired);
      })
      .onComplete(ignored -> firing = false);
  }
}
