package dev.chorus.launcher;

/**
 * Malformed values for what a request may carry beside its body — headers the node reads and query and path
 * parameters — each a way a client could get it wrong.
 */
final class HeaderNoise {

  static final String[] TRACEPARENTS = {"", "00", "garbage", "00-" + "0".repeat(32) + "-00f067aa0ba902b7-01",
    "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-01",
    "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-" + "x".repeat(2000), "00-4bf92f3577b34da6a3ce929d0e0e4736",
    "00-zzf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "é-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"};
  static final String[] PREFERS = {"", "wait", "wait=", "wait=-1", "wait=abc", "wait=99999999999999999999", "wait=1.5",
    "respond-async, wait=" + "9".repeat(500), "handling=strict", "wait=0;wait=3", "wait=\u00e9", "return=minimal"};
  static final String[] IDEMPOTENCY_KEYS = {"x".repeat(256), "key with space", "clé", "", "tab\there"};
  /** Query and path values: empty, encoded controls and bytes, traversal, numbers at and past every range, cursors no page gave. */
  static final String[] VALUES = {"", "x", "%00", "%ff", "%C3%28", "..", "%2e%2e%2f%2e%2e", "%2F", "-1", "0", "1.5", "1e3", "NaN",
    "9223372036854775807", "9223372036854775808", "-9223372036854775809", "99999999999999999999999", "PENDING%20", "pending",
    "CONFIRMED", "%7C", "1%7C00000000-0000-0000-0000-000000000000", "9999-99-99T99:99:99Z%7C00000000-0000-0000-0000-000000000000",
    "%2B999999999-12-31T23:59:59Z%7C00000000-0000-0000-0000-000000000000",
    "-999999999-01-01T00:00:00Z%7C00000000-0000-0000-0000-000000000000", "2026-12-07T00:00:00Z%7Cnot-a-uuid",
    "2026-12-07T00:00:00Z%7C", "00000000-0000-0000-0000-000000000000", "{00000000-0000-0000-0000-000000000000}",
    "0-0-0-0-0", "ffffffff-ffff-ffff-ffff-ffffffffffffff", "%E2%80%AE", "%F0%9F%98%80", "x".repeat(3000), "a%20b", "%27%3B--", "%zz", "%", "%4"};

  private HeaderNoise() {
  }
}
