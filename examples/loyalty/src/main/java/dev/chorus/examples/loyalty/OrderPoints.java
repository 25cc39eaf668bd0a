package dev.chorus.examples.loyalty;

import dev.chorus.platform.decider.Decider;
import dev.chorus.platform.decider.Decision;

import java.util.UUID;

/** An order's points: one per full 100 minor units of its total, earned once however often the order is reported. */
final class OrderPoints implements Decider<OrderPoints.Earn, OrderPoints.PointsEarned, Boolean> {

  static final long MINOR_UNITS_PER_POINT = 100;

  /** Earn the points of a confirmed order. */
  record Earn(UUID customerId, UUID orderId, long total) {
  }

  record PointsEarned(UUID customerId, UUID orderId, long points) {
    static final String TYPE = "loyalty.PointsEarned.v1";
  }

  static String stream(UUID orderId) {
    return "order-points-" + orderId;
  }

  /** Whether the order's points are earned. */
  @Override
  public Boolean initialState() {
    return false;
  }

  @Override
  public Decision<PointsEarned> decide(Earn earn, Boolean earned) {
    long points = earn.total() / MINOR_UNITS_PER_POINT;
    return earned || points == 0 ? Decision.accept() : Decision.accept(new PointsEarned(earn.customerId(), earn.orderId(), points));
  }

  @Override
  public Boolean evolve(Boolean earned, PointsEarned event) {
    return true;
  }
}
