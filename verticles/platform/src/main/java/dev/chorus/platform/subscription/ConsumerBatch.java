package dev.chorus.platform.subscription;

import dev.chorus.platform.command.Prepared;
import dev.chorus.platform.command.SqlWrite;
import dev.chorus.platform.eventstore.Checkpoint;
import dev.chorus.platform.eventstore.RecordedEvent;
import dev.chorus.platform.eventstore.StreamAppend;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The events of one consumer transaction and what they lead to: the commands on the consumer's own streams, the
 * writes, the ids to record in the inbox, and the events parked or waiting behind a parked one.
 */
final class ConsumerBatch {

  final List<RecordedEvent> taken = new ArrayList<>();
  final List<Prepared<?>> commands = new ArrayList<>();
  final List<SqlWrite> writes = new ArrayList<>();
  final List<UUID> processed = new ArrayList<>();
  final Set<String> parkedStreams = new HashSet<>();
  final Set<String> sourceStreams = new HashSet<>();
  private final Set<String> ownStreams = new HashSet<>();
  /** How long to wait after this batch, because an event in it failed and was not taken: 0 when none did. */
  long backoffMs;
  /** Whether it only parks an event whose transaction failed on its own. */
  boolean parks;

  void take(RecordedEvent event) {
    taken.add(event);
  }

  /** Takes an event with its effects: its commands append, its id goes to the inbox. */
  void takeWithEffects(RecordedEvent event, Effects effects) {
    take(event);
    sourceStreams.add(event.streamId());
    add(effects);
    processed.add(event.eventId());
  }

  /** Takes an event that failed its last attempt: parked, and its stream blocked behind it. */
  void park(String subscription, RecordedEvent event, int attempts, String error) {
    take(event);
    parkedStreams.add(event.streamId());
    writes.add(ParkedEvents.park(subscription, event, ParkedEvents.PARKED, attempts, error));
  }

  /** Takes an event of a blocked stream: it waits, parked, behind the stream's parked event. */
  void waitBehindParked(String subscription, RecordedEvent event) {
    take(event);
    writes.add(ParkedEvents.park(subscription, event, ParkedEvents.WAITING, 0, null));
  }

  /** Only events without effects (or processed already): nothing to append, write or record. */
  boolean writesNothing() {
    return commands.isEmpty() && writes.isEmpty() && processed.isEmpty();
  }

  /** False when the effects append to an own stream this batch appends to already: it goes in the next batch. */
  boolean accepts(Effects effects) {
    for (Prepared<?> command : effects.commands()) {
      if (command.append() != null && ownStreams.contains(command.append().streamId())) {
        return false;
      }
    }
    return true;
  }

  void add(Effects effects) {
    for (Prepared<?> command : effects.commands()) {
      if (command.append() != null) {
        ownStreams.add(command.append().streamId());
        commands.add(command);
      }
      writes.addAll(command.writes());
    }
    writes.addAll(effects.writes());
  }

  List<StreamAppend> appends() {
    return commands.stream().map(Prepared::append).toList();
  }

  /** Where the checkpoint stands once the batch is committed. */
  Checkpoint reaches() {
    return taken.get(taken.size() - 1).checkpoint();
  }

  /** After the commit: the commands' new stream images kept, the own log's consumers hinted, the events counted. */
  void committed(SubscriptionDeps deps) {
    commands.forEach(command -> command.committed().run());
    appends().forEach(append -> deps.ownHints().appended(deps.ownPartitioner().partitionOf(append.streamId())));
    deps.metrics().processed.increment(taken.size());
  }

  /** After a rollback: the commands' stream images are no longer trusted. */
  void rolledBack() {
    commands.forEach(command -> command.conflicted().run());
  }
}
