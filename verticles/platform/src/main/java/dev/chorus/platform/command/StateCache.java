package dev.chorus.platform.command;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The node's in-memory image of recently used streams, least recently used first out. A cached state may
 * be stale (another node appended since); the append's expected-version check finds out, and the runtime
 * reloads.
 */
final class StateCache<S> {

  private final Map<String, StreamState<S>> entries;

  StateCache(int capacity) {
    this.entries = new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, StreamState<S>> eldest) {
        return size() > capacity;
      }
    };
  }

  synchronized StreamState<S> get(String streamId) {
    return entries.get(streamId);
  }

  synchronized void put(String streamId, StreamState<S> state) {
    StreamState<S> current = entries.get(streamId);
    if (current == null || current.version() < state.version()) {
      entries.put(streamId, state);
    }
  }

  synchronized void evict(String streamId) {
    entries.remove(streamId);
  }
}
