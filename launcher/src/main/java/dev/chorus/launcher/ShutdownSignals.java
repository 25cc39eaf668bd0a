package dev.chorus.launcher;

import sun.misc.Signal;

/**
 * SIGTERM and SIGINT end the node the orderly way, with exit status 0: the JVM's shutdown hooks stop taking
 * HTTP requests, finish those in flight, leave the cluster and release the database. (By default a JVM killed
 * by a signal reports 128 + the signal number even when its shutdown was clean.)
 */
final class ShutdownSignals {

  private ShutdownSignals() {
  }

  static void install() {
    for (String name : new String[]{"TERM", "INT"}) {
      Signal.handle(new Signal(name), signal -> new Thread(() -> System.exit(0), "chorus-shutdown").start());
    }
  }
}
