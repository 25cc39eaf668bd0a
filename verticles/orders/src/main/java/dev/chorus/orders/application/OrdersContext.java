package dev.chorus.orders.application;

import dev.chorus.contracts.orders.OrderEvent;
import dev.chorus.contracts.prices.PriceChanged;
import dev.chorus.orders.domain.Order;
import dev.chorus.orders.domain.OrderCommand;
import dev.chorus.orders.web.OrdersRouter;
import dev.chorus.platform.admission.Admission;
import dev.chorus.platform.command.Command;
import dev.chorus.platform.command.CommandResult;
import dev.chorus.platform.command.CommandRuntime;
import dev.chorus.platform.command.StreamConversation;
import dev.chorus.platform.context.BoundedContext;
import dev.chorus.platform.context.ContextAppenders;
import dev.chorus.platform.context.ContextRuntime;
import dev.chorus.platform.context.ContextSettings;
import dev.chorus.platform.context.Hosting;
import dev.chorus.platform.deadline.DeadlineVerticle;
import dev.chorus.platform.eventstore.Partitioner;
import dev.chorus.platform.subscription.Subscription;
import dev.chorus.platform.subscription.SubscriptionOptions;
import dev.chorus.platform.subscription.SubscriptionRegistry;
import dev.chorus.platform.subscription.Subscriptions;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The orders context: takes orders and owns their outcome — a process manager over inventory's and payments'
 * reports, with a durable deadline and compensations by the other contexts on the final event.
 * The deadline is the setting {@code orders.deadline} (ISO-8601, default PT30S). A node sheds new orders while
 * those it placed would take longer than {@code orders.target-latency} to become final ({@link Admission}).
 */
public final class OrdersContext implements BoundedContext {

  public static final String NAME = "orders";
  private static final String INVENTORY_REPORTS = "orders.inventory";
  /** Orders a node takes in whatever its recent throughput, so that an idle node starts at once. */
  private static final int ADMISSION_FLOOR = 64;
  /** An order's end is announced within moments of its deadline; past this, one never heard of stops counting. */
  private static final Duration ANNOUNCEMENT_GRACE = Duration.ofSeconds(10);

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Map<String, String> settings() {
    return OrderSettings.KEYS;
  }

  @Override
  public void check(ContextSettings settings) {
    OrderSettings.from(settings);
  }

  @Override
  public Hosting host(ContextRuntime runtime) {
    Clock clock = Clock.systemUTC();
    OrderSettings settings = OrderSettings.from(runtime.settings());
    Duration deadline = settings.deadline();
    var orders = new CommandRuntime<>(runtime.vertx(), runtime.reads(), ContextAppenders.groupCommit(runtime, NAME), OrderTypes.ORDER,
      new OrderWrites(runtime.partitioner(), deadline, clock), runtime.commandOptions());
    Admission admission = new Admission(NAME, new Admission.Options(settings.targetLatency(), ADMISSION_FLOOR,
      deadline.plus(ANNOUNCEMENT_GRACE))).measuredBy(runtime.meters());
    OrderOutcomes outcomes = new OrderOutcomes(admission::finished);
    ProcessSteps steps = new ProcessSteps(orders, outcomes);
    List<Subscription> subscriptions = List.of(
      new Subscription(INVENTORY_REPORTS, "inventory", Partitioner.DEFAULT_PARTITIONS, InventoryPolicy.handlers(steps, clock)),
      new Subscription("orders.payments", "payments", Partitioner.DEFAULT_PARTITIONS, PaymentPolicy.handlers(steps, clock)));
    OrderService service = new OrderService(orders, runtime.reads(), clock);
    OrderQueries queries = new OrderQueries(runtime.reads());
    return Hosting.of(() -> runtime.vertx().deployVerticle(admission)
        .compose(v -> runtime.vertx().deployVerticle(outcomes))
        .compose(v -> Subscriptions.deploy(runtime, NAME, subscriptions, SubscriptionOptions.defaults()))
        .compose(v -> Subscriptions.following(runtime, NAME, "orders.prices", PriceChanged.TYPE, PriceViews.handlers(),
          SubscriptionOptions.defaults()))
        .compose(v -> runtime.vertx().deployVerticle(new DeadlineVerticle(runtime.pool(), () -> owned(runtime.subscriptions()),
          (id, payload) -> cancel(orders, runtime.reads(), outcomes, UUID.fromString(payload.getString("orderId")), clock))))
        .mapEmpty(),
      () -> OrdersRouter.create(runtime.vertx(), admission, service, queries, outcomes), OrdersRouter.ACCESS);
  }

  /** Deadlines follow the partitions this node owns of its inventory reports (any fixed assignment would do). */
  private static Set<Integer> owned(SubscriptionRegistry registry) {
    return registry.find(INVENTORY_REPORTS).map(registered -> registered.runner().ownedPartitions()).orElse(Set.of());
  }

  /** Cancels an order past its deadline, in its placement's conversation and caused by its placement. */
  private static Future<Void> cancel(CommandRuntime<OrderCommand, OrderEvent, Order> orders, SqlClient reads,
                                     OrderOutcomes outcomes, UUID orderId, Clock clock) {
    return StreamConversation.continuing(reads, Order.stream(orderId))
      .compose(context -> orders.handle(new Command<>(Order.stream(orderId),
        new OrderCommand.Cancel("not final within its deadline", clock.instant()), context)))
      .onSuccess(result -> {
        if (result instanceof CommandResult.Accepted<OrderEvent> accepted) {
          outcomes.announce(accepted.events());
        }
      })
      .mapEmpty();
  }
}
