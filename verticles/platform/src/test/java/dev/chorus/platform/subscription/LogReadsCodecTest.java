package dev.chorus.platform.subscription;

import dev.chorus.platform.eventstore.Checkpoint;
import dev.chorus.platform.eventstore.EventLog;
import dev.chorus.platform.eventstore.LogBatch;
import dev.chorus.platform.eventstore.RecordedEvent;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class LogReadsCodecTest {

  private final LogReads.Codec codec = new LogReads.Codec();

  @Test
  void anAnswerCrossesTheWireUnchanged() {
    RecordedEvent ascii = new RecordedEvent(41, "customer-1", 1, UUID.randomUUID(), "customers.CustomerRegistered.v1",
      "{\"name\":\"Ann\"}", "{\"correlationId\":\"c\"}", 3, 1_234_567_890_123L, OffsetDateTime.of(2026, 12, 4, 23, 59, 59, 123_456_000, ZoneOffset.UTC));
    RecordedEvent unicode = new RecordedEvent(Long.MAX_VALUE, "客户-2 ✓", Integer.MAX_VALUE, UUID.randomUUID(), "t.v2",
      "{\"name\":\"Zoë 李 \uD83D\uDE00\"}", "{}", 3, 7, OffsetDateTime.of(1999, 1, 1, 0, 0, 0, 1, ZoneOffset.ofHoursMinutes(5, 30)));
    LogReads reads = new LogReads(Map.of(
      3, new EventLog.PartitionRead(new LogBatch(List.of(ascii, unicode), new Checkpoint(1_234_567_890_123L, Long.MAX_VALUE)), true),
      0, new EventLog.PartitionRead(new LogBatch(List.of(), new Checkpoint(5, 6)), false)));

    Buffer wire = Buffer.buffer("ahead of the message");
    codec.encodeToWire(wire, reads);

    assertThat(codec.decodeFromWire("ahead of the message".length(), wire)).isEqualTo(reads);
  }

  @Test
  void theLengthInFrontCoversTheWholeAnswer() {
    Buffer wire = Buffer.buffer();
    codec.encodeToWire(wire, new LogReads(Map.of(1, new EventLog.PartitionRead(new LogBatch(List.of(), Checkpoint.START), false))));

    assertThat(wire.getInt(0)).isEqualTo(wire.length() - 4);
  }
}
