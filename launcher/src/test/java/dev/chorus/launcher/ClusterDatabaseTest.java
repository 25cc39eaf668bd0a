package dev.chorus.launcher;

import dev.chorus.platform.db.DatabaseUrl;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterDatabaseTest {

  private final Vertx vertx = Vertx.vertx();
  private final DatabaseIdentity shop = new DatabaseIdentity("7001/shop", DatabaseUrl.parse("postgresql://app@shop-db:5432/shop"));
  private final DatabaseIdentity orders = new DatabaseIdentity("7002/orders", DatabaseUrl.parse("postgresql://app@orders-db:5432/orders"));
  private final DatabaseIdentity elsewhere = new DatabaseIdentity("7003/orders", DatabaseUrl.parse("postgresql://app@other-db:5432/orders"));

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("each context is kept in one database: a node that agrees joins, one keeping a context elsewhere is refused naming only it")
  void eachContextOneDatabase() throws Exception {
    assertThat(claim(Map.of("customers", shop, "orders", orders))).as("the first node records its databases").isNull();
    assertThat(claim(Map.of("customers", shop, "orders", orders, "payments", elsewhere))).as("agrees; records payments").isNull();

    String refusal = claim(Map.of("customers", shop, "orders", elsewhere, "payments", elsewhere));

    assertThat(refusal).contains("orders is kept in postgresql://app@orders-db:5432/orders (7002/orders), not in this node's"
        + " postgresql://app@other-db:5432/orders (7003/orders)")
      .doesNotContain("customers is kept").doesNotContain("payments is kept").contains("--cluster-config");
    assertThat(claim(Map.of("payments", shop))).as("payments was recorded by the second node").contains("payments is kept in");
  }

  /** Null when the claim is granted, else the refusal's message. */
  private String claim(Map<String, DatabaseIdentity> contexts) throws Exception {
    return ClusterDatabase.claim(vertx, contexts).<String>map(v -> null).otherwise(Throwable::getMessage)
      .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
