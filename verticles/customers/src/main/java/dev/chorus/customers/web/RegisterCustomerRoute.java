package dev.chorus.customers.web;

import dev.chorus.contracts.customers.CustomerEvent;
import dev.chorus.contracts.customers.CustomerRegistered;
import dev.chorus.customers.application.CustomerView;
import dev.chorus.customers.application.Registration;
import dev.chorus.customers.application.CustomerService;
import dev.chorus.customers.domain.CustomerName;
import dev.chorus.customers.domain.EmailAddress;
import dev.chorus.platform.web.CommandReply;
import dev.chorus.platform.web.Idempotency;
import dev.chorus.platform.web.JsonInput;
import dev.chorus.platform.web.Problem;
import dev.chorus.platform.web.ProblemException;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.util.Set;
import java.util.UUID;

/** {@code POST /customers}: registers a customer; 201 with the customer, or a problem. */
final class RegisterCustomerRoute implements Handler<RoutingContext> {

  private static final Set<String> FIELDS = Set.of("email", "name", "invitedBy");
  private static final CommandReply<CustomerEvent> REPLY = CommandReply.<CustomerEvent>created(accepted -> {
      CustomerRegistered registered = accepted.last(CustomerRegistered.class);
      return CustomerJson.of(new CustomerView(registered.customerId(), registered.email(), registered.name(), registered.invitedBy(),
        registered.registeredAt()));
    })
    .location(accepted -> "/customers/" + accepted.last(CustomerRegistered.class).customerId())
    .rejectedAs(rejection -> switch (rejection.code()) {
      case "email-taken", "already-registered" -> Problem.conflict(rejection.code(), rejection.message());
      default -> Problem.unprocessable(rejection.code(), rejection.message());
    });

  private final CustomerService service;

  RegisterCustomerRoute(CustomerService service) {
    this.service = service;
  }

  @Override
  public void handle(RoutingContext rc) {
    JsonInput input = JsonInput.of(rc, FIELDS);
    Registration registration = parse(input);
    service.register(registration, Idempotency.context(rc, "customers/register", input)).onComplete(REPLY.to(rc));
  }

  private static Registration parse(JsonInput input) {
    EmailAddress email = EmailAddress.parse(input.requiredString("email"));
    if (email == null) {
      throw new ProblemException(Problem.invalidField("email", "is not an e-mail address"));
    }
    CustomerName name = CustomerName.parse(input.requiredString("name"));
    if (name == null) {
      throw new ProblemException(Problem.invalidField("name", "must be 1 to " + CustomerName.MAX_LENGTH + " characters"));
    }
    UUID invitedBy = input.optionalUuid("invitedBy");
    return new Registration(email, name, invitedBy);
  }
}
