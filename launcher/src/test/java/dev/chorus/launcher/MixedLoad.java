package dev.chorus.launcher;

import io.vertx.core.json.JsonObject;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Registrations (every other one invited by an existing customer) and orders, offered at a steady rate to whichever
 * nodes are up through a {@link ClusterClient} — idempotent retries against another node when one does not answer or
 * refuses — until stopped. What to offer is drawn from a seeded random; a request is skipped, not queued, while as many
 * as allowed are already in flight.
 */
final class MixedLoad implements AutoCloseable {

  private static final int TICKS_PER_SECOND = 10;
  private static final int IN_FLIGHT = 16;

  /** What the load was answered: the customers registered, the orders placed, how many orders were refused for stock. */
  record Outcome(List<Registrations.Registered> registered, Map<String, OrderFlowLoad.Placed> placed, int refusedForStock) {
  }

  private final Supplier<List<NodeProcess>> nodes;
  private final List<String> inviters;
  private final List<String> skus;
  private final List<String> customers;
  private final Random random;
  private final RequestLog log;
  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor();
  private final Semaphore inFlight = new Semaphore(IN_FLIGHT);
  private final List<CompletableFuture<Registrations.Registered>> registrations = new ArrayList<>();
  private final Map<String, OrderFlowLoad.Placed> orderRequests = new LinkedHashMap<>();
  private final List<CompletableFuture<HttpResponse<String>>> orders = new ArrayList<>();

  MixedLoad(Supplier<List<NodeProcess>> nodes, List<String> inviters, List<String> skus, List<String> customers, Random random,
            RequestLog log) {
    this.nodes = nodes;
    this.inviters = inviters;
    this.skus = skus;
    this.customers = customers;
    this.random = random;
    this.log = log;
  }

  /** Starts offering {@code registrationsPerSecond} registrations and {@code ordersPerSecond} orders a second. */
  void start(int registrationsPerSecond, int ordersPerSecond) {
    ticks.scheduleAtFixedRate(() -> {
      for (int i = 0; i < registrationsPerSecond / TICKS_PER_SECOND; i++) {
        offer(this::register);
      }
      for (int i = 0; i < ordersPerSecond / TICKS_PER_SECOND; i++) {
        offer(this::order);
      }
    }, 0, 1000 / TICKS_PER_SECOND, TimeUnit.MILLISECONDS);
  }

  /** Stops offering, waits for every request sent to be answered, and checks each answer is one a command may give. */
  Outcome stop() throws InterruptedException {
    ticks.shutdown();
    assertThat(ticks.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    List<Registrations.Registered> registered = registrations.stream().map(CompletableFuture::join).toList();
    Map<String, OrderFlowLoad.Placed> placed = OrderFlowLoad.placedOrders(orderRequests, orders.stream().map(CompletableFuture::join).toList());
    return new Outcome(registered, placed, orderRequests.size() - placed.size());
  }

  /** Stops offering, whatever is still in flight (a run that failed). */
  @Override
  public void close() {
    ticks.shutdownNow();
  }

  private void offer(Runnable request) {
    if (inFlight.tryAcquire()) {
      request.run();
    }
  }

  private void register() {
    int i = registrations.size();
    String inviter = i % 2 == 1 ? null : inviters.get(random.nextInt(inviters.size()));
    registrations.add(ClusterClient.send(nodes, Registrations.post(run, i, inviter), log)
      .whenComplete((answer, failure) -> inFlight.release())
      .thenApply(answer -> {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        return new Registrations.Registered(new JsonObject(answer.body()).getString("id"), inviter);
      }));
  }

  private void order() {
    ClusterClient.Post post = OrderFlowLoad.orderPost("order-" + run + "-" + orders.size(), skus, customers, random, orderRequests);
    orders.add(ClusterClient.send(nodes, post, log).whenComplete((answer, failure) -> inFlight.release()));
  }
}
