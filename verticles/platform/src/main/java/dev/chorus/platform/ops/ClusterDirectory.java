package dev.chorus.platform.ops;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.core.spi.cluster.NodeInfo;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The cluster's members, read from the cluster manager: its membership list and the node information that
 * each member published when it joined. A node that leaves or dies disappears from both. A member's information
 * does not change while it is a member (a restarted node joins under a new id), so it is looked up once per
 * member: asking for the members — every subscription does, every second — costs a look at the local
 * membership list, not a round trip through the cluster's maps.
 */
public final class ClusterDirectory {

  private final ClusterManager clusterManager;
  private final Map<String, ClusterMember> known = new ConcurrentHashMap<>();

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
    List<String> nodes = clusterManager.getNodes();
    known.keySet().retainAll(nodes);
    List<Future<ClusterMember>> lookups = new ArrayList<>();
    for (String nodeId : nodes) {
      ClusterMember member = known.get(nodeId);
      lookups.add(member != null ? Future.succeededFuture(member) : member(nodeId));
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
    return promise.future().map(info -> {
      ClusterMember member = ClusterMember.fromMetadata(nodeId, info.host(), info.metadata());
      known.put(nodeId, member);
      return member;
    });
  }
}
