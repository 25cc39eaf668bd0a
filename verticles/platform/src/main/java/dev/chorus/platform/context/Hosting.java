package dev.chorus.platform.context;

import dev.chorus.platform.access.AccessRules;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;

import java.util.function.Supplier;

/** A context as hosted on one node. */
public interface Hosting {

  /** Deploys the context's verticles (projections, policies); called once its schema is migrated. */
  Future<Void> start();

  /** The context's HTTP routes, mounted at {@code /<name>}; called once per web verticle instance. */
  Router router();

  /** Who may call which route; every route no rule names is for operators only. */
  AccessRules access();

  /** A context whose start is {@code start} and whose routes {@code routes} makes, for operators only. */
  static Hosting of(Supplier<Future<Void>> start, Supplier<Router> routes) {
    return of(start, routes, AccessRules.operatorsOnly());
  }

  /** A context whose start is {@code start}, whose routes {@code routes} makes and whom {@code access} opens to whom. */
  static Hosting of(Supplier<Future<Void>> start, Supplier<Router> routes, AccessRules access) {
    return new Hosting() {
      @Override
      public Future<Void> start() {
        return start.get();
      }

      @Override
      public Router router() {
        return routes.get();
      }

      @Override
      public AccessRules access() {
        return access;
      }
    };
  }
}
