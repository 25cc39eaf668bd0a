package dev.chorus.platform.context;

import java.util.Map;
import java.util.Set;

/**
 * A bounded context that a node can host. Implementations are found with {@link java.util.ServiceLoader},
 * so that a context joins a node by being on its classpath.
 */
public interface BoundedContext {

  /** The context's name: its schema, its HTTP mount point ({@code /<name>}) and its event bus prefix. */
  String name();

  /**
   * The published event types (stored names) its log carries that other contexts may follow by type, without
   * naming this context (see {@code Subscriptions.following}).
   */
  default Set<String> publishes() {
    return Set.of();
  }

  /** The settings it understands (key → what it means), given to a node as {@code --set <context>.<key>=<value>}. */
  default Map<String, String> settings() {
    return Map.of();
  }

  /**
   * Checks settings before the node starts, so that a malformed value is reported at once.
   *
   * @throws IllegalArgumentException naming the setting
   */
  default void check(ContextSettings settings) {
  }

  /** Sets the context up on this node (no I/O yet): its command runtimes, queries, routes. */
  Hosting host(ContextRuntime runtime);
}
