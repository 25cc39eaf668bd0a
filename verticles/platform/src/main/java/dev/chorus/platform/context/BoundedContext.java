package dev.chorus.platform.context;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;

/**
 * A bounded context that a node can host. Implementations are found with {@link java.util.ServiceLoader},
 * so that a context joins a node by being on its classpath.
 */
public interface BoundedContext {

  /** The context's name: its schema, its HTTP mount point ({@code /<name>}) and its event bus prefix. */
  String name();

  /** Deploys the context's verticles (command handlers, projections, policies) on this node. */
  Future<Void> start(ContextRuntime runtime);

  /** The context's HTTP routes, mounted at {@code /<name>}; called once per web verticle instance. */
  Router router(ContextRuntime runtime);
}
