package dev.chorus.customers.application;

import dev.chorus.contracts.customers.CustomerEvent;
import dev.chorus.customers.domain.Customer;
import dev.chorus.customers.domain.CustomerCommand;
import dev.chorus.customers.domain.CustomerDecider;
import dev.chorus.platform.command.AggregateType;
import dev.chorus.platform.command.SnapshotPolicy;
import dev.chorus.platform.events.EventTypes;

/** The customer aggregate as the command runtime sees it. */
final class CustomerTypes {

  static final EventTypes<CustomerEvent> EVENTS = EventTypes.<CustomerEvent>builder()
    .addAll(CustomerEvent.TYPES)
    .build();

  /** A customer stream holds one event; there is nothing to snapshot. */
  static final AggregateType<CustomerCommand, CustomerEvent, Customer> CUSTOMER =
    new AggregateType<>(new CustomerDecider(), EVENTS, SnapshotPolicy.never(Customer.class));

  private CustomerTypes() {
  }
}
