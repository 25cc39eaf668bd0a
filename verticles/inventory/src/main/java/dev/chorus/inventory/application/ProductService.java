package dev.chorus.inventory.application;

import dev.chorus.contracts.inventory.StockEvent;
import dev.chorus.inventory.domain.Product;
import dev.chorus.inventory.domain.ProductCommand;
import dev.chorus.inventory.domain.Skus;
import dev.chorus.platform.command.Command;
import dev.chorus.platform.command.CommandContext;
import dev.chorus.platform.command.CommandResult;
import dev.chorus.platform.command.CommandRuntime;
import io.vertx.core.Future;

import java.time.Clock;
import java.time.temporal.ChronoUnit;

/** Adding products and restocking them. */
public final class ProductService {

  private final CommandRuntime<ProductCommand, StockEvent, Product> products;
  private final Clock clock;

  ProductService(CommandRuntime<ProductCommand, StockEvent, Product> products, Clock clock) {
    this.products = products;
    this.clock = clock;
  }

  /** @param context the command's id (when the client made it idempotent) and provenance */
  public Future<CommandResult<StockEvent>> add(String sku, String name, long price, long stock, CommandContext context) {
    return products.handle(new Command<>(Skus.stream(sku),
      new ProductCommand.AddProduct(sku, name, price, stock, clock.instant().truncatedTo(ChronoUnit.MICROS)), context));
  }

  /** @param context the command's id (when the client made it idempotent) and provenance */
  public Future<CommandResult<StockEvent>> restock(String sku, long quantity, CommandContext context) {
    return products.handle(new Command<>(Skus.stream(sku),
      new ProductCommand.Restock(sku, quantity, clock.instant().truncatedTo(ChronoUnit.MICROS)), context));
  }
}
