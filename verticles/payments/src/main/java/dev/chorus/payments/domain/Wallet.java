package dev.chorus.payments.domain;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A wallet: its balance is the fold of its ledger.
 *
 * @param balance  what it holds
 * @param captured orders paid, with their amount
 * @param settled  orders declined or refunded: nothing more happens for them
 */
public record Wallet(long balance, Map<UUID, Long> captured, Set<UUID> settled) {

  public static final Wallet EMPTY = new Wallet(0, Map.of(), Set.of());

  public Wallet {
    captured = Map.copyOf(captured);
    settled = Set.copyOf(settled);
  }

  public static String stream(UUID customerId) {
    return "wallet-" + customerId;
  }

  Wallet deposited(long amount) {
    return new Wallet(balance + amount, captured, settled);
  }

  Wallet captured(UUID orderId, long amount) {
    Map<UUID, Long> paid = new HashMap<>(captured);
    paid.put(orderId, amount);
    return new Wallet(balance - amount, paid, settled);
  }

  Wallet settled(UUID orderId, long refund) {
    Set<UUID> done = new HashSet<>(settled);
    done.add(orderId);
    return new Wallet(balance + refund, captured, done);
  }
}
