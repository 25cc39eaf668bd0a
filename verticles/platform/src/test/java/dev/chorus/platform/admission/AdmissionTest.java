package dev.chorus.platform.admission;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class AdmissionTest {

  private static final long SLICE_NANOS = Admission.SLICE_MS * 1_000_000L;

  private final Admission admission = new Admission("work", new Admission.Options(Duration.ofSeconds(1), 4, Duration.ofSeconds(30)));

  @Test
  @DisplayName("an idle node admits its floor; beyond it work is shed until a place is given back or its work finishes")
  void floorBoundsTheWorkHeld() {
    List<Admission.Ticket> tickets = admitAll(4);
    assertThat(admission.admit()).as("fifth place").isEmpty();

    tickets.get(0).giveBack();
    Admission.Ticket again = admission.admit().orElseThrow();
    UUID key = UUID.randomUUID();
    again.started(key);
    again.giveBack();
    assertThat(admission.admit()).as("a started ticket given back frees nothing").isEmpty();

    admission.finished(key);
    assertThat(admission.admit()).as("its work finished").isPresent();
  }

  @Test
  @DisplayName("the bound is the throughput of the last two seconds times the target, never below the floor")
  void boundFollowsThroughput() {
    long now = 0;
    for (int slice = 0; slice < Admission.WINDOW_SLICES; slice++) {
      finishSome(25);
      admission.tick(now += SLICE_NANOS);
    }
    assertThat(admission.limit()).as("200 finished in 2 s, 1 s target").isEqualTo(100);

    for (int slice = 0; slice < Admission.WINDOW_SLICES - 1; slice++) {
      admission.tick(now += SLICE_NANOS);
    }
    assertThat(admission.limit()).as("only the last slice's 25 left in the window").isEqualTo(12);
    admission.tick(now + SLICE_NANOS);
    assertThat(admission.limit()).as("nothing finished: the floor").isEqualTo(4);
  }

  @Test
  @DisplayName("work never heard to finish stops counting after its maximum age, and does not count as throughput")
  void unheardWorkExpires() {
    admitAll(4).forEach(ticket -> ticket.started(UUID.randomUUID()));
    assertThat(admission.held()).isEqualTo(4);
    long start = System.nanoTime();
    admission.tick(start + Duration.ofSeconds(29).toNanos());
    assertThat(admission.held()).as("younger than 30 s").isEqualTo(4);
    admission.tick(start + Duration.ofSeconds(31).toNanos());
    assertThat(admission.held()).isZero();
    assertThat(admission.limit()).isEqualTo(4);
  }

  @Test
  @DisplayName("a finish heard twice, or for work this node never started, frees nothing more")
  void finishesCountOnce() {
    List<Admission.Ticket> tickets = admitAll(4);
    UUID key = UUID.randomUUID();
    tickets.get(0).started(key);
    admission.finished(key);
    admission.finished(key);
    admission.finished(UUID.randomUUID());
    assertThat(admission.held()).isEqualTo(3);
  }

  private void finishSome(int count) {
    for (int i = 0; i < count; i++) {
      UUID key = UUID.randomUUID();
      admission.admit().orElseThrow().started(key);
      admission.finished(key);
    }
  }

  private List<Admission.Ticket> admitAll(int count) {
    List<Admission.Ticket> tickets = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Optional<Admission.Ticket> ticket = admission.admit();
      assertThat(ticket).as("place " + (i + 1)).isPresent();
      tickets.add(ticket.get());
    }
    return tickets;
  }
}
