package dev.chorus.platform.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DefaultDeserializationContext;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class IsoInstantReaderTest {

  private static final ObjectMapper JACKSON_ALONE = JsonMapper.builder().addModule(new JavaTimeModule()).build();

  record Stamped(Instant at) {
  }

  @Test
  void isHowEventsReadTheirInstants() throws JsonMappingException {
    DeserializationContext context = ((DefaultDeserializationContext) Json.mapper().getDeserializationContext())
      .createInstance(Json.mapper().getDeserializationConfig(), null, null);
    assertThat(context.findRootValueDeserializer(context.constructType(Instant.class))).isInstanceOf(IsoInstantReader.class);
  }

  @Test
  void readsEveryInstantAsWrittenLikeJavaDoes() throws JsonProcessingException {
    Random random = new Random(20261204);
    Instant first = Instant.parse("0000-01-01T00:00:00Z");
    Instant last = Instant.parse("9999-12-31T23:59:59.999999999Z");
    for (int i = 0; i < 100_000; i++) {
      Instant instant = Instant.ofEpochSecond(first.getEpochSecond() + (long) (random.nextDouble() * (last.getEpochSecond() - first.getEpochSecond())),
        random.nextInt(1_000_000_000));
      Instant written = switch (i % 4) {
        case 0 -> instant.truncatedTo(ChronoUnit.SECONDS);
        case 1 -> instant.truncatedTo(ChronoUnit.MILLIS);
        case 2 -> instant.truncatedTo(ChronoUnit.MICROS);
        default -> instant;
      };
      assertThat(IsoInstantReader.parse(written.toString())).isEqualTo(written);
      assertThat(Json.mapper().readValue(Json.mapper().writeValueAsString(new Stamped(written)), Stamped.class).at()).isEqualTo(written);
    }
  }

  @Test
  void leavesEveryOtherFormToJacksonWithTheSameOutcome() {
    for (String other : List.of("2026-12-04T10:15:30+01:00", "2026-12-04T10:15:30.5+01:00", "+10000-01-01T00:00:00Z",
      "2026-12-04t10:15:30Z", "2026-12-04T10:15:30.1z", "2026-12-04T24:00:00Z", "2026-12-04T23:59:60Z",
      "2026-12-04T10:15:30.1234567891Z", "2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z", "2026-12-04T10:60:00Z",
      "2026-12-04T10:15:30.Z", "2026-12-04T10:15:3xZ", "2026-12-04 10:15:30Z", "yesterday")) {
      assertThat(IsoInstantReader.parse(other)).as(other).isNull();
      assertThat(outcome(Json.mapper(), "\"" + other + "\"")).as(other).isEqualTo(outcome(JACKSON_ALONE, "\"" + other + "\""));
    }
    assertThat(outcome(Json.mapper(), "1733310930.5")).isEqualTo(outcome(JACKSON_ALONE, "1733310930.5")).isInstanceOf(Instant.class);
    assertThat(outcome(Json.mapper(), "\"2026-02-30T00:00:00Z\"")).isEqualTo(InvalidFormatException.class);
  }

  /** The instant read, or the class of the exception reading failed with. */
  private static Object outcome(ObjectMapper mapper, String json) {
    try {
      return mapper.readValue(json, Instant.class);
    } catch (JsonProcessingException e) {
      return e.getClass();
    }
  }
}
