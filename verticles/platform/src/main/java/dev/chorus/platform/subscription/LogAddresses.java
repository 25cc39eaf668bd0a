package dev.chorus.platform.subscription;

/** The event bus addresses under which a context serves its log. */
final class LogAddresses {

  private LogAddresses() {
  }

  static String read(String context) {
    return "chorus." + context + ".log";
  }

  static String lag(String context) {
    return "chorus." + context + ".log.lag";
  }

  /** Where the producer tells that a partition of its log grew. */
  static String appended(String context, int partition) {
    return "chorus." + context + ".log.appended." + partition;
  }
}
