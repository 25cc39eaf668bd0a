package dev.chorus.platform.subscription;

import dev.chorus.platform.eventstore.EventLog;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.json.JsonObject;

import java.util.Map;

/**
 * The answer to a log read as it travels over the event bus: to a consumer on the same node as it is (the events are
 * immutable), to another node as the JSON of {@link LogCodec#readReply(Map)}.
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

  private static final class Codec implements MessageCodec<LogReads, LogReads> {

    @Override
    public void encodeToWire(Buffer buffer, LogReads reads) {
      Buffer json = LogCodec.readReply(reads.partitions()).toBuffer();
      buffer.appendInt(json.length()).appendBuffer(json);
    }

    @Override
    public LogReads decodeFromWire(int position, Buffer buffer) {
      int length = buffer.getInt(position);
      return new LogReads(LogCodec.readReply(new JsonObject(buffer.getBuffer(position + 4, position + 4 + length))));
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
}
