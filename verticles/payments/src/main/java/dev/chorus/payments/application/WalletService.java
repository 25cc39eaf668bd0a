package dev.chorus.payments.application;

import dev.chorus.contracts.payments.PaymentEvent;
import dev.chorus.payments.domain.Wallet;
import dev.chorus.payments.domain.WalletCommand;
import dev.chorus.platform.command.Command;
import dev.chorus.platform.command.CommandContext;
import dev.chorus.platform.command.CommandResult;
import dev.chorus.platform.command.CommandRuntime;
import io.vertx.core.Future;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** Paying money into wallets. */
public final class WalletService {

  private final CommandRuntime<WalletCommand, PaymentEvent, Wallet> wallets;
  private final Clock clock;

  WalletService(CommandRuntime<WalletCommand, PaymentEvent, Wallet> wallets, Clock clock) {
    this.wallets = wallets;
    this.clock = clock;
  }

  /** @param context the command's id (when the client made it idempotent) and provenance */
  public Future<CommandResult<PaymentEvent>> deposit(UUID customerId, long amount, CommandContext context) {
    return wallets.handle(new Command<>(Wallet.stream(customerId),
      new WalletCommand.Deposit(customerId, amount, clock.instant().truncatedTo(ChronoUnit.MICROS)), context));
  }
}
