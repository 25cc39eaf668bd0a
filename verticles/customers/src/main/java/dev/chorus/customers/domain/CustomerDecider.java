package dev.chorus.customers.domain;

import dev.chorus.contracts.customers.CustomerEvent;
import dev.chorus.contracts.customers.CustomerRegistered;
import dev.chorus.customers.domain.CustomerCommand.RegisterCustomer;
import dev.chorus.platform.decider.Decider;
import dev.chorus.platform.decider.Decision;

/** A customer's life so far: registration. */
public final class CustomerDecider implements Decider<CustomerCommand, CustomerEvent, Customer> {

  @Override
  public Customer initialState() {
    return Customer.UNREGISTERED;
  }

  @Override
  public Decision<CustomerEvent> decide(CustomerCommand command, Customer state) {
    if (!(command instanceof RegisterCustomer register)) {
      throw new IllegalArgumentException("a customer command this decider does not know: " + command);
    }
    if (state.registered()) {
      return Decision.reject("already-registered", "customer " + state.id() + " is registered already");
    }
    if (register.customerId().equals(register.invitedBy())) {
      return Decision.reject("unknown-inviter", "a customer cannot invite themselves");
    }
    return Decision.accept(new CustomerRegistered(register.customerId(), register.email().value(), register.name().value(),
      register.invitedBy(), register.registeredAt()));
  }

  @Override
  public Customer evolve(Customer state, CustomerEvent event) {
    if (!(event instanceof CustomerRegistered registered)) {
      throw new IllegalArgumentException("a customer event this decider does not know: " + event);
    }
    return new Customer(registered.customerId(), registered.email());
  }
}
