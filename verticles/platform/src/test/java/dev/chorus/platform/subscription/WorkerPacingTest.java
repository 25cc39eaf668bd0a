package dev.chorus.platform.subscription;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class WorkerPacingTest {

  @Test
  @DisplayName("a conflict halves the batch limit, each commit doubles it up to the batch size")
  void batchLimit() {
    WorkerPacing pacing = new WorkerPacing(500);
    pacing.conflicted(40);
    assertThat(pacing.batchLimit()).isEqualTo(20);
    pacing.conflicted(1);
    assertThat(pacing.batchLimit()).isEqualTo(1);
    IntStream.range(0, 3).forEach(i -> pacing.committed());
    assertThat(pacing.batchLimit()).isEqualTo(8);
    IntStream.range(0, 20).forEach(i -> pacing.committed());
    assertThat(pacing.batchLimit()).isEqualTo(500);
  }

  @Test
  @DisplayName("waits after conflicts in a row stay below a ceiling that doubles from 20 ms up to 200 ms; a commit starts over")
  void conflictWaits() {
    WorkerPacing pacing = new WorkerPacing(500);
    for (long ceiling : new long[] {20, 40, 80, 160, 200, 200, 200}) {
      long wait = pacing.conflicted(10);
      assertThat(wait).isBetween(1L, ceiling);
    }
    pacing.committed();
    assertThat(IntStream.range(0, 100).mapToLong(i -> {
      long wait = pacing.conflicted(10);
      pacing.committed();
      return wait;
    }).max().orElseThrow()).as("first conflicts after a commit").isLessThanOrEqualTo(20);
  }

  @Test
  @DisplayName("pending reads wait 2, 4, 8, then 16 ms; any other answer starts over at 2 ms")
  void pendingWaits() {
    WorkerPacing pacing = new WorkerPacing(500);
    assertThat(IntStream.range(0, 6).mapToLong(i -> pacing.pending()).toArray()).containsExactly(2, 4, 8, 16, 16, 16);
    pacing.notPending();
    assertThat(pacing.pending()).isEqualTo(2);
  }
}
