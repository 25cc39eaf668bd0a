package dev.chorus.platform.web;

import dev.chorus.platform.command.CommandResult;
import dev.chorus.platform.decider.Rejection;
import io.vertx.core.AsyncResult;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.function.Function;

/**
 * How a command route answers what its command came to: accepted, with the route's status, the
 * {@code Idempotent-Replayed} header and a JSON body made from what the command appended; rejected, as a problem
 * ({@code 422} unless the route names another); failed, through the router's error handling.
 * <pre>{@code
 * wallets.deposit(customer, amount, Idempotency.context(rc, "payments/deposit", input))
 *   .onComplete(CommandReply.<PaymentEvent>ok(accepted -> balance(accepted.last(Deposited.class))).to(rc));
 * }</pre>
 *
 * @param <E> the events of the command's aggregate
 */
public final class CommandReply<E> {

  private final int status;
  private final Function<CommandResult.Accepted<E>, JsonObject> body;
  private final Function<CommandResult.Accepted<E>, String> location;
  private final Function<Rejection, Problem> rejected;

  private CommandReply(int status, Function<CommandResult.Accepted<E>, JsonObject> body,
                       Function<CommandResult.Accepted<E>, String> location, Function<Rejection, Problem> rejected) {
    this.status = status;
    this.body = body;
    this.location = location;
    this.rejected = rejected;
  }

  /** {@code 200} with the body. */
  public static <E> CommandReply<E> ok(Function<CommandResult.Accepted<E>, JsonObject> body) {
    return new CommandReply<>(200, body, accepted -> null, CommandReply::unprocessable);
  }

  /** {@code 201} with the body. */
  public static <E> CommandReply<E> created(Function<CommandResult.Accepted<E>, JsonObject> body) {
    return new CommandReply<>(201, body, accepted -> null, CommandReply::unprocessable);
  }

  /** The same reply, with where what the command made can be read as its {@code Location} header. */
  public CommandReply<E> location(Function<CommandResult.Accepted<E>, String> location) {
    return new CommandReply<>(status, body, location, rejected);
  }

  /** The same reply, with the problem a rejection answers with, when not every rejection is a {@code 422}. */
  public CommandReply<E> rejectedAs(Function<Rejection, Problem> problem) {
    return new CommandReply<>(status, body, location, problem);
  }

  private static Problem unprocessable(Rejection rejection) {
    return Problem.unprocessable(rejection.code(), rejection.message());
  }

  /** The reply to {@code rc}, for the command's future. */
  public Handler<AsyncResult<CommandResult<E>>> to(RoutingContext rc) {
    return result -> {
      if (result.failed()) {
        rc.fail(result.cause());
      } else if (rc.response().ended()) {
        return; // answered already, by its time limit: a request is answered once
      } else if (result.result() instanceof CommandResult.Accepted<E> accepted) {
        String where = location.apply(accepted);
        if (where != null) {
          rc.response().putHeader("Location", where);
        }
        Idempotency.replayed(rc.response(), accepted).setStatusCode(status).putHeader("Content-Type", "application/json")
          .end(body.apply(accepted).encode());
      } else if (result.result() instanceof CommandResult.Rejected<E> refused) {
        rejected.apply(refused.rejection()).send(rc);
      } else {
        rc.fail(new IllegalStateException("a command result this reply does not know: " + result.result()));
      }
    };
  }
}
