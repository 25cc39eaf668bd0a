package dev.chorus.platform.eventstore;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * Which partition of a log a stream belongs to: {@code CRC-32C(stream id) mod partitions}. Stable across
 * JVMs and releases, because it is stored with every event and every reader relies on it.
 */
public record Partitioner(int partitions) {

  public static final int DEFAULT_PARTITIONS = 16;

  public Partitioner {
    if (partitions < 1 || partitions > Short.MAX_VALUE) {
      throw new IllegalArgumentException("partitions must be between 1 and " + Short.MAX_VALUE);
    }
  }

  public int partitionOf(String streamId) {
    CRC32C crc = new CRC32C();
    crc.update(streamId.getBytes(StandardCharsets.UTF_8));
    return (int) (crc.getValue() % partitions);
  }
}
