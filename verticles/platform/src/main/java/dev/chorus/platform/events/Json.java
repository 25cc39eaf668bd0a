package dev.chorus.platform.events;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.time.Instant;

/**
 * The one JSON mapping of events and snapshots: records by their components, times as ISO-8601 text,
 * unknown fields ignored on read (a newer writer may add fields; older readers keep working).
 */
public final class Json {

  private static final ObjectMapper MAPPER = JsonMapper.builder()
    .addModule(new JavaTimeModule())
    .addModule(new SimpleModule().addDeserializer(Instant.class, new IsoInstantReader()))
    .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
    .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
    .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
    .build();

  private Json() {
  }

  public static ObjectMapper mapper() {
    return MAPPER;
  }
}
