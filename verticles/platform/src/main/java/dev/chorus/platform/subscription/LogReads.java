package dev.chorus.platform.subscription;

import dev.chorus.platform.eventstore.Checkpoint;
import dev.chorus.platform.eventstore.EventLog;
import dev.chorus.platform.eventstore.LogBatch;
import dev.chorus.platform.eventstore.RecordedEvent;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The answer to a log read as it travels over the event bus: to a consumer on the same node as it is (the events are
 * immutable), to another node in a binary form of its fields. Every event a consumer of another context handles
 * crosses here, so neither side builds a JSON tree or parses a time from text: that took a fifth of a catching-up
 * consumer's CPU.
 */
record LogReads(Map<Integer, EventLog.PartitionRead> partitions) {

  /** Makes the codec the event bus's default for answers to log reads; once per Vert.x instance, whoever comes first. */
  static void register(Vertx vertx) {
    synchronized (LogReads.class) {
      try {
        vertx.eventBus().registerDefaultCodec(LogReads.class, new Codec());
      } catch (IllegalStateException registeredAlready) {
        // another log service or consumer of this node registered it
      }
    }
  }

  /**
   * Wire form: the length of what follows, the number of partitions, then per partition its number, pending flag,
   * next checkpoint and events; per event its fields in {@link RecordedEvent}'s order, text as length and UTF-8,
   * the time as epoch second, nanosecond and offset.
   */
  static final class Codec implements MessageCodec<LogReads, LogReads> {

    @Override
    public void encodeToWire(Buffer buffer, LogReads reads) {
      int lengthAt = buffer.length();
      buffer.appendInt(0).appendInt(reads.partitions().size());
      reads.partitions().forEach((partition, read) -> {
        LogBatch batch = read.batch();
        buffer.appendInt(partition).appendByte((byte) (read.pending() ? 1 : 0))
          .appendLong(batch.next().txId()).appendLong(batch.next().position()).appendInt(batch.events().size());
        batch.events().forEach(event -> encode(buffer, event));
      });
      buffer.setInt(lengthAt, buffer.length() - lengthAt - 4);
    }

    private static void encode(Buffer buffer, RecordedEvent event) {
      buffer.appendLong(event.position());
      text(buffer, event.streamId());
      buffer.appendInt(event.version()).appendLong(event.eventId().getMostSignificantBits()).appendLong(event.eventId().getLeastSignificantBits());
      text(buffer, event.type());
      text(buffer, event.payload());
      text(buffer, event.metadata());
      Instant at = event.recordedAt().toInstant();
      buffer.appendInt(event.partition()).appendLong(event.txId())
        .appendLong(at.getEpochSecond()).appendInt(at.getNano()).appendInt(event.recordedAt().getOffset().getTotalSeconds());
    }

    private static void text(Buffer buffer, String text) {
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      buffer.appendInt(bytes.length).appendBytes(bytes);
    }

    @Override
    public LogReads decodeFromWire(int position, Buffer buffer) {
      Reader reader = new Reader(buffer, position + 4);
      int count = reader.integer();
      Map<Integer, EventLog.PartitionRead> partitions = new HashMap<>();
      for (int p = 0; p < count; p++) {
        int partition = reader.integer();
        boolean pending = reader.flag();
        Checkpoint next = new Checkpoint(reader.longValue(), reader.longValue());
        int size = reader.integer();
        List<RecordedEvent> events = new ArrayList<>(size);
        for (int e = 0; e < size; e++) {
          events.add(reader.event());
        }
        partitions.put(partition, new EventLog.PartitionRead(new LogBatch(events, next), pending));
      }
      return new LogReads(partitions);
    }

    @Override
    public LogReads transform(LogReads reads) {
      return reads;
    }

    @Override
    public String name() {
      return "chorus.log-reads";
    }

    @Override
    public byte systemCodecID() {
      return -1;
    }
  }

  /** Reads the wire form field by field. */
  private static final class Reader {
    private final Buffer buffer;
    private int at;

    Reader(Buffer buffer, int at) {
      this.buffer = buffer;
      this.at = at;
    }

    RecordedEvent event() {
      long position = longValue();
      String stream = text();
      int version = integer();
      UUID id = new UUID(longValue(), longValue());
      String type = text();
      String payload = text();
      String metadata = text();
      int partition = integer();
      long tx = longValue();
      Instant instant = Instant.ofEpochSecond(longValue(), integer());
      OffsetDateTime recordedAt = OffsetDateTime.ofInstant(instant, ZoneOffset.ofTotalSeconds(integer()));
      return new RecordedEvent(position, stream, version, id, type, payload, metadata, partition, tx, recordedAt);
    }

    int integer() {
      int value = buffer.getInt(at);
      at += 4;
      return value;
    }

    long longValue() {
      long value = buffer.getLong(at);
      at += 8;
      return value;
    }

    boolean flag() {
      return buffer.getByte(at++) != 0;
    }

    String text() {
      int length = integer();
      String text = buffer.getString(at, at + length, "UTF-8");
      at += length;
      return text;
    }
  }
}
