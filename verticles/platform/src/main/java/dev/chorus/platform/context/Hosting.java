package dev.chorus.platform.context;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;

import java.util.function.Supplier;

/** A context as hosted on one node. */
public interface Hosting {

  /** Deploys the context's verticles (projections, policies); called once its schema is migrated. */
  Future<Void> start();

  /** The context's HTTP routes, mounted at {@code /<name>}; called once per web verticle instance. */
  Router router();

  /** A context whose start is {@code start} and whose routes {@code routes} makes, once per web verticle instance. */
  static Hosting of(Supplier<Future<Void>> start, Supplier<Router> routes) {
    return new Hosting() {
      @Override
      public Future<Void> start() {
        return start.get();
      }

      @Override
      public Router router() {
        return routes.get();
      }
    };
  }
}
