package dev.chorus.platform.subscription;

import dev.chorus.platform.command.Prepared;
import dev.chorus.platform.command.SqlWrite;

import java.util.List;

/**
 * The effects of one event: commands on the consumer's own aggregates, decided but not written (their
 * appends come first in the transaction), and further writes (read models).
 *
 * @param commands decided commands
 * @param writes   writes after every append
 */
public record Effects(List<Prepared<?>> commands, List<SqlWrite> writes) {

  public static final Effects NONE = new Effects(List.of(), List.of());

  public Effects {
    commands = List.copyOf(commands);
    writes = List.copyOf(writes);
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
}
