package dev.chorus.payments.application;

import dev.chorus.contracts.payments.Deposited;
import dev.chorus.contracts.payments.PaymentCaptured;
import dev.chorus.contracts.payments.PaymentDeclined;
import dev.chorus.contracts.payments.PaymentEvent;
import dev.chorus.contracts.payments.PaymentRefunded;
import dev.chorus.payments.domain.Wallet;
import dev.chorus.platform.command.CommandEffects;
import dev.chorus.platform.command.SqlWrite;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The ledger and balance tables follow every wallet event, in the event's own transaction. */
final class LedgerWrites implements CommandEffects<PaymentEvent, Wallet> {

  private static final String ENTRY = "insert into wallet_entries (customer_id, version, kind, amount, order_id, at)"
    + " values ($1, (select coalesce(max(version), 0) + 1 from wallet_entries where customer_id = $1), $2, $3, $4, $5)";
  private static final String BALANCE = "insert into wallets (customer_id, balance) values ($1, $2)"
    + " on conflict (customer_id) do update set balance = excluded.balance";
  private static final String PAYER = "insert into order_payments (order_id, customer_id) values ($1, $2) on conflict do nothing";

  @Override
  public List<SqlWrite> writes(String streamId, List<PaymentEvent> events, Wallet wallet) {
    List<SqlWrite> writes = new ArrayList<>();
    UUID customer = events.get(0).customerId();
    for (PaymentEvent event : events) {
      writes.add(entry(event));
      if (event instanceof PaymentCaptured captured) {
        writes.add(SqlWrite.of(PAYER, Tuple.of(captured.orderId(), customer)));
      }
    }
    writes.add(SqlWrite.of(BALANCE, Tuple.of(customer, wallet.balance())));
    return writes;
  }

  private static SqlWrite entry(PaymentEvent event) {
    if (event instanceof Deposited deposited) {
      return entry(deposited.customerId(), "DEPOSIT", deposited.amount(), null, deposited.at());
    }
    if (event instanceof PaymentCaptured captured) {
      return entry(captured.customerId(), "CAPTURE", captured.amount(), captured.orderId(), captured.at());
    }
    if (event instanceof PaymentDeclined declined) {
      return entry(declined.customerId(), "DECLINED", declined.amount(), declined.orderId(), declined.at());
    }
    if (event instanceof PaymentRefunded refunded) {
      return entry(refunded.customerId(), "REFUND", refunded.amount(), refunded.orderId(), refunded.at());
    }
    throw new IllegalArgumentException("a payment event the ledger does not know: " + event);
  }

  private static SqlWrite entry(UUID customer, String kind, long amount, UUID orderId, Instant at) {
    return SqlWrite.of(ENTRY, Tuple.of(customer, kind, amount, orderId, at.atOffset(ZoneOffset.UTC)));
  }
}
