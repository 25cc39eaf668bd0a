package dev.chorus.shipping.application;

import dev.chorus.platform.command.Command;
import dev.chorus.platform.command.CommandContext;
import dev.chorus.platform.command.CommandResult;
import dev.chorus.platform.command.CommandRuntime;
import dev.chorus.shipping.domain.ShippingCommand;
import dev.chorus.shipping.domain.ShippingDecider;
import io.vertx.core.Future;

import java.time.Instant;
import java.util.UUID;

/** Recording carrier promotions. */
public final class CarrierPromotionService {

  private final CommandRuntime<ShippingCommand, Record, Boolean> shipping;

  CarrierPromotionService(CommandRuntime<ShippingCommand, Record, Boolean> shipping) {
    this.shipping = shipping;
  }

  /** @param context the command's id (when the client made it idempotent) and provenance */
  public Future<CommandResult<Record>> add(String carrier, String region, int discountPercent, Instant until, CommandContext context) {
    UUID id = UUID.randomUUID();
    return shipping.handle(Command.toNewStream(ShippingDecider.promotion(id), new ShippingCommand.AddCarrierPromotion(id, carrier, region,
      discountPercent, until), context));
  }
}
