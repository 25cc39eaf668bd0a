package dev.chorus.bench;

import dev.chorus.platform.command.AggregateType;
import dev.chorus.platform.command.SnapshotPolicy;
import dev.chorus.platform.decider.Decider;
import dev.chorus.platform.decider.Decision;
import dev.chorus.platform.events.EventTypes;

import java.util.ArrayList;
import java.util.List;

/** The benchmark's aggregate: a counter whose command appends a given number of events. */
final class Counter {

  record Increment(int events) {
  }

  record Incremented(int by) {
  }

  static final AggregateType<Increment, Incremented, Integer> TYPE = new AggregateType<>(
    new Decider<>() {
      @Override
      public Integer initialState() {
        return 0;
      }

      @Override
      public Decision<Incremented> decide(Increment command, Integer state) {
        List<Incremented> events = new ArrayList<>(command.events());
        for (int i = 0; i < command.events(); i++) {
          events.add(new Incremented(1));
        }
        return Decision.accept(events);
      }

      @Override
      public Integer evolve(Integer state, Incremented event) {
        return state + event.by();
      }
    },
    EventTypes.<Incremented>builder().add("bench.Incremented.v1", Incremented.class).build(),
    SnapshotPolicy.never(Integer.class));

  private Counter() {
  }
}
