package dev.chorus.platform.context;

/**
 * A bounded context that a node can host. Implementations are found with {@link java.util.ServiceLoader},
 * so that a context joins a node by being on its classpath.
 */
public interface BoundedContext {

  /** The context's name: its schema, its HTTP mount point ({@code /<name>}) and its event bus prefix. */
  String name();

  /** Sets the context up on this node (no I/O yet): its command runtimes, queries, routes. */
  Hosting host(ContextRuntime runtime);
}
