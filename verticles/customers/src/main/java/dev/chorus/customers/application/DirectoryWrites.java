package dev.chorus.customers.application;

import dev.chorus.contracts.customers.CustomerEvent;
import dev.chorus.contracts.customers.CustomerRegistered;
import dev.chorus.customers.domain.Customer;
import dev.chorus.platform.command.CommandEffects;
import dev.chorus.platform.command.SqlWrite;
import dev.chorus.platform.decider.Rejection;
import io.vertx.sqlclient.Tuple;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * In the registration's own transaction, after its append: reserve the e-mail address (a taken one refuses
 * the registration) and add the customer to the directory.
 */
final class DirectoryWrites implements CommandEffects<CustomerEvent, Customer> {

  static final String EMAIL_TAKEN = "email-taken";
  private static final String RESERVE = "insert into email_reservations (email_key, customer_id) values ($1, $2) on conflict do nothing";
  private static final String ADD = "insert into customers (id, email, name, invited_by, registered_at) values ($1, $2, $3, $4, $5)";

  @Override
  public List<SqlWrite> writes(String streamId, List<CustomerEvent> events, Customer stateAfter) {
    List<SqlWrite> writes = new ArrayList<>();
    for (CustomerEvent event : events) {
      if (!(event instanceof CustomerRegistered registered)) {
        throw new IllegalArgumentException("a customer event the directory does not know: " + event);
      }
      writes.add(SqlWrite.guarded(RESERVE, Tuple.of(registered.email().toLowerCase(Locale.ROOT), registered.customerId()),
        new Rejection(EMAIL_TAKEN, "a customer with e-mail " + registered.email() + " is registered already")));
      writes.add(SqlWrite.of(ADD, Tuple.of(registered.customerId(), registered.email(), registered.name(), registered.invitedBy(),
        registered.registeredAt().atOffset(ZoneOffset.UTC))));
    }
    return writes;
  }
}
