package dev.chorus.platform.ops;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterHandlerTest {

  @Test
  @DisplayName("the cluster view names each partition's owner; one that several nodes say they own lists them all as contested")
  void contestedPartitions() {
    JsonObject view = new JsonObject();

    ClusterHandler.collect(view, "node-a", owned(0, 1));
    ClusterHandler.collect(view, "node-b", owned(1, 2));
    ClusterHandler.collect(view, "node-c", owned(1));

    JsonObject partitions = view.getJsonObject("orders.inventory").getJsonObject("partitions");
    assertThat(partitions.getJsonObject("0").getString("owner")).isEqualTo("node-a");
    assertThat(partitions.getJsonObject("0").containsKey("contested")).isFalse();
    assertThat(partitions.getJsonObject("2").containsKey("contested")).isFalse();
    assertThat(partitions.getJsonObject("1").getJsonArray("contested")).containsExactly("node-a", "node-b", "node-c");
    assertThat(partitions.getJsonObject("1").getLong("lag")).isZero();
  }

  private static JsonArray owned(int... partitions) {
    JsonArray list = new JsonArray();
    for (int partition : partitions) {
      list.add(new JsonObject().put("partition", partition).put("epoch", 1).put("lag", 0));
    }
    return new JsonArray().add(new JsonObject().put("subscription", "orders.inventory").put("source", "inventory").put("partitions", list));
  }
}
