package dev.chorus.platform.subscription;

import io.vertx.core.Future;

import java.util.List;

/** Which nodes of the cluster host a context right now. */
@FunctionalInterface
public interface Membership {

  Future<List<String>> nodesHosting(String context);
}
