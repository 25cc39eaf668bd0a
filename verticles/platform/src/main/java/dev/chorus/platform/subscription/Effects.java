package dev.chorus.platform.subscription;

import dev.chorus.platform.command.Prepared;
import dev.chorus.platform.command.SqlWrite;

import java.util.List;

/**
 * The effects of one event: commands on the consumer's own aggregates, decided but not written (their
 * appends come first in the transaction), and further writes (read models).
 *
 * @param commands       decided commands
 * @param writes         writes after every append
 * @param fromEventAlone whether they were computed from the event alone, reading nothing (a projection's row): then
 *                       the event goes into the same transaction as its stream's earlier events, since nothing they
 *                       write could have changed what it prepared. Otherwise it waits for them to commit, so that a
 *                       handler that reads (an aggregate, a read model) reads what they wrote.
 */
public record Effects(List<Prepared<?>> commands, List<SqlWrite> writes, boolean fromEventAlone) {

  public static final Effects NONE = new Effects(List.of(), List.of());

  public Effects {
    if (fromEventAlone && !commands.isEmpty()) {
      throw new IllegalArgumentException("commands read their streams: effects with commands do not come from the event alone");
    }
    commands = List.copyOf(commands);
    writes = List.copyOf(writes);
  }

  /** Effects that a handler may have prepared from what it read. */
  public Effects(List<Prepared<?>> commands, List<SqlWrite> writes) {
    this(commands, writes, false);
  }

  /** Whether nothing would be written: no command appends or writes anything, and there are no further writes. */
  public boolean isEmpty() {
    return writes.isEmpty() && commands.stream().allMatch(command -> command.append() == null && command.writes().isEmpty());
  }

  public static Effects of(List<Prepared<?>> commands) {
    return new Effects(commands, List.of());
  }

  public static Effects writes(List<SqlWrite> writes) {
    return new Effects(List.of(), writes);
  }

  /** Writes computed from the event alone, reading nothing. */
  public static Effects fromEventAlone(List<SqlWrite> writes) {
    return new Effects(List.of(), writes, true);
  }
}
