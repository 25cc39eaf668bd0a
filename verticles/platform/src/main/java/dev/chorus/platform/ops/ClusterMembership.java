package dev.chorus.platform.ops;

import dev.chorus.platform.subscription.Membership;
import io.vertx.core.Future;

import java.util.List;
import java.util.Map;

/** Which nodes host a context, from the cluster's membership and the contexts each member published. */
public final class ClusterMembership implements Membership {

  private final ClusterDirectory directory;

  public ClusterMembership(ClusterDirectory directory) {
    this.directory = directory;
  }

  @Override
  public Future<List<String>> nodesHosting(String context) {
    return directory.members().map(members -> members.stream()
      .filter(member -> member.contexts().contains(context))
      .map(ClusterMember::nodeId)
      .toList());
  }

  @Override
  public Future<List<String>> contextsPublishing(String eventType) {
    return directory.members().map(members -> members.stream()
      .flatMap(member -> member.publishes().entrySet().stream())
      .filter(entry -> entry.getValue().contains(eventType))
      .map(Map.Entry::getKey)
      .distinct()
      .sorted()
      .toList());
  }
}
