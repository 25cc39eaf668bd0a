package dev.chorus.platform.context;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;

/** A context as hosted on one node. */
public interface Hosting {

  /** Deploys the context's verticles (projections, policies); called once its schema is migrated. */
  Future<Void> start();

  /** The context's HTTP routes, mounted at {@code /<name>}; called once per web verticle instance. */
  Router router();
}
