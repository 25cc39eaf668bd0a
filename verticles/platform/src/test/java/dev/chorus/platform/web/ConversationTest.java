package dev.chorus.platform.web;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class ConversationTest {

  private static final UUID TRACE = UUID.fromString("4bf92f35-77b3-4da6-a3ce-929d0e0e4736");

  @Test
  @DisplayName("a W3C traceparent's trace id is the conversation; a malformed or all-zero one, or version ff, is none")
  void traceparent() {
    assertThat(Conversation.traceId("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")).contains(TRACE);
    assertThat(Conversation.traceId("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00-future")).contains(TRACE);
    assertThat(Conversation.traceId("00-00000000000000000000000000000000-00f067aa0ba902b7-01")).isEmpty();
    assertThat(Conversation.traceId("ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")).isEmpty();
    assertThat(Conversation.traceId("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01")).isEmpty();
    assertThat(Conversation.traceId("00-4bf92f35-00f067aa0ba902b7-01")).isEmpty();
    assertThat(Conversation.traceId(null)).isEmpty();
  }

  @Test
  @DisplayName("a conversation is named by its UUID or by the 32 hex digits of its trace id")
  void names() {
    assertThat(Conversation.parse("4bf92f3577b34da6a3ce929d0e0e4736")).contains(TRACE);
    assertThat(Conversation.parse(TRACE.toString().toUpperCase())).contains(TRACE);
    assertThat(Conversation.parse("order-1")).isEmpty();
  }
}
