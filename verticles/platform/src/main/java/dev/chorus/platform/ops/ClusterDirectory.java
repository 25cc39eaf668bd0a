package dev.chorus.platform.ops;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.core.spi.cluster.NodeInfo;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The cluster's members, read from the cluster manager: its membership list and the node information that
 * each member published when it joined. A node that leaves or dies disappears from both.
 */
public final class ClusterDirectory {

  private final ClusterManager clusterManager;

  public ClusterDirectory(ClusterManager clusterManager) {
    this.clusterManager = clusterManager;
  }

  public String localNodeId() {
    return clusterManager.getNodeId();
  }

  public boolean joined() {
    return clusterManager.isActive();
  }

  public int size() {
    return clusterManager.getNodes().size();
  }

  public Future<List<ClusterMember>> members() {
    List<Future<ClusterMember>> lookups = new ArrayList<>();
    for (String nodeId : clusterManager.getNodes()) {
      lookups.add(member(nodeId));
    }
    return Future.join(lookups).transform(ignored -> {
      List<ClusterMember> members = new ArrayList<>();
      for (Future<ClusterMember> lookup : lookups) {
        if (lookup.succeeded()) {
          members.add(lookup.result());
        }
      }
      members.sort(Comparator.comparing(ClusterMember::startedAt, Comparator.nullsLast(Comparator.naturalOrder())));
      return Future.succeededFuture(members);
    });
  }

  private Future<ClusterMember> member(String nodeId) {
    Promise<NodeInfo> promise = Promise.promise();
    clusterManager.getNodeInfo(nodeId, promise);
    return promise.future().map(info -> ClusterMember.fromMetadata(nodeId, info.host(), info.metadata()));
  }
}
