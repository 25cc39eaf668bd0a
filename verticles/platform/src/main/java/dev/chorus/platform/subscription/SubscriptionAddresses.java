package dev.chorus.platform.subscription;

/** Event bus addresses of a subscription's runners. */
final class SubscriptionAddresses {

  private SubscriptionAddresses() {
  }

  /** Retry and skip requests for the partitions one node owns. */
  static String operations(String subscription, String nodeId) {
    return "chorus.subscription." + subscription + "." + nodeId;
  }

  /** Published after a replay reset the subscription: every runner restarts its partitions. */
  static String replayed(String subscription) {
    return "chorus.subscription." + subscription + ".replayed";
  }
}
