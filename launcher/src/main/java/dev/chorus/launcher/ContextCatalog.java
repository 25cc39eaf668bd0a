package dev.chorus.launcher;

import dev.chorus.platform.context.BoundedContext;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Every context a node can host: those in its own jar, and those of the jars in the plugins directory, found by
 * {@link ServiceLoader} (a jar names its contexts in {@code META-INF/services/dev.chorus.platform.context.BoundedContext}).
 * A plugin sees the platform, the published contracts and the libraries of the node; it brings its own classes and
 * migrations ({@code sql/<context>/} in its jar).
 *
 * @param byName the contexts, by name
 * @param loader the class loader that sees them all, for their migrations
 */
record ContextCatalog(Map<String, BoundedContext> byName, ClassLoader loader) {

  static ContextCatalog load(Optional<Path> plugins) {
    ClassLoader loader = plugins.map(ContextCatalog::pluginLoader).orElse(ContextCatalog.class.getClassLoader());
    Map<String, BoundedContext> byName = new TreeMap<>();
    try {
      for (BoundedContext context : ServiceLoader.load(BoundedContext.class, loader)) {
        BoundedContext other = byName.putIfAbsent(context.name(), context);
        if (other != null) {
          throw new UsageException("two contexts are named '" + context.name() + "': " + origin(other) + " and " + origin(context));
        }
      }
    } catch (ServiceConfigurationError e) {
      throw new UsageException("--plugins: a context cannot be loaded: " + e.getMessage());
    }
    return new ContextCatalog(Collections.unmodifiableMap(byName), loader);
  }

  private static ClassLoader pluginLoader(Path directory) {
    if (!Files.isDirectory(directory)) {
      throw new UsageException("--plugins: '" + directory + "' is not a directory");
    }
    List<URL> jars = new ArrayList<>();
    try (Stream<Path> files = Files.list(directory)) {
      for (Path jar : files.filter(file -> file.getFileName().toString().endsWith(".jar")).sorted().toList()) {
        jars.add(jar.toUri().toURL());
      }
    } catch (IOException e) {
      throw new UsageException("--plugins: cannot list '" + directory + "' (" + e.getMessage() + ")");
    }
    if (jars.isEmpty()) {
      throw new UsageException("--plugins: no jar in '" + directory + "'");
    }
    return new URLClassLoader("chorus-plugins", jars.toArray(URL[]::new), ContextCatalog.class.getClassLoader());
  }

  private static String origin(BoundedContext context) {
    var source = context.getClass().getProtectionDomain().getCodeSource();
    return context.getClass().getName() + (source == null ? "" : " (" + source.getLocation() + ")");
  }
}
